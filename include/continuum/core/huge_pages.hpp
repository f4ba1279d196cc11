// An allocator for large tables: blocks from a minimum size on (2 MiB by default) are aligned
// to 2 MiB and marked for transparent huge pages (madvise). The engine's patient records use it
// so that a random look-up into tens of megabytes misses the TLB far less (Linux's default THP
// mode is "madvise": without the mark, 4 KiB pages). Large buffers filled once use it from
// 512 KiB on (LargeBufferAllocator): in the virtual machines measured here a fresh 4 KiB page
// costs about 4 µs at its first write even when mapped ahead (the hypervisor maps it then),
// a whole 2 MiB huge page about 0.1 ms, so a megabyte costs 1 ms in small pages and 0.1 ms in a
// huge one (docs/performance.md, "Ninth pass"); resident memory grows by at most the rounding
// to 2 MiB. Smaller blocks come from operator new, aligned to a cache line (64 bytes), so that
// records of 64 bytes each sit in one line. Only where the memory comes from changes: no result
// depends on it.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace continuum {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
inline constexpr std::size_t kCacheLine = 64;

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage)
      return static_cast<T*>(::operator new (bytes, std::align_val_t{kCacheLine}));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: refused, the pages are small ones
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage)
      ::operator delete (p, std::align_val_t{kCacheLine});
    else
      std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

inline constexpr std::size_t kLargeBufferMinBytes = std::size_t{512} << 10;
static_assert(kLargeBufferMinBytes < kHugePage);  // smaller blocks: HugePageAllocator's small ones

// Fresh memory for a large buffer, from kLargeBufferMinBytes on: its own mapping, 2 MiB-aligned
// and rounded up to whole 2 MiB, marked for huge pages (a block of the heap could hold pages
// already mapped small, from an earlier use). Under AddressSanitizer, aligned_alloc() (whose
// bounds it checks). Throws std::bad_alloc.
void* map_large_buffer(std::size_t bytes);
void unmap_large_buffer(void* p, std::size_t bytes) noexcept;  // `bytes` as allocated

// Huge pages from kLargeBufferMinBytes on (map_large_buffer()), and value-initialization as
// default-initialization: a vector of a trivial type grown by resize() is not zero-filled, for
// buffers written in full before they are read (the daily store). Smaller blocks as
// HugePageAllocator's.
template <class T>
struct LargeBufferAllocator : HugePageAllocator<T> {
  using value_type = T;
  LargeBufferAllocator() = default;
  template <class U>
  LargeBufferAllocator(const LargeBufferAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    if (n * sizeof(T) < kLargeBufferMinBytes) return HugePageAllocator<T>::allocate(n);
    return static_cast<T*>(map_large_buffer(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kLargeBufferMinBytes)
      HugePageAllocator<T>::deallocate(p, n);
    else
      unmap_large_buffer(p, n * sizeof(T));
  }
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-initialized: no zero-fill for trivial types
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const LargeBufferAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace continuum
