// Large buffers in their own huge-page mappings (huge_pages.hpp).
#include "continuum/core/huge_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONTINUUM_LARGE_BUFFERS_FROM_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CONTINUUM_LARGE_BUFFERS_FROM_MALLOC 1
#endif
#endif

namespace continuum {

namespace {
std::size_t rounded(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(-1) / 2) throw std::bad_alloc();
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
}  // namespace

void* map_large_buffer(std::size_t bytes) {
  const std::size_t size = rounded(bytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(CONTINUUM_LARGE_BUFFERS_FROM_MALLOC)
  // One huge page more than needed, then the unaligned ends given back.
  void* mapped =
      ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto raw = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (raw + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > raw) ::munmap(mapped, aligned - raw);
  if (const std::uintptr_t tail = raw + size + kHugePage - (aligned + size); tail > 0)
    ::munmap(reinterpret_cast<void*>(aligned + size), tail);
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // a hint: may be refused
  return reinterpret_cast<void*>(aligned);
#else
  void* p = std::aligned_alloc(kHugePage, size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
#endif
}

void unmap_large_buffer(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(CONTINUUM_LARGE_BUFFERS_FROM_MALLOC)
  ::munmap(p, (bytes + kHugePage - 1) / kHugePage * kHugePage);
#else
  (void)bytes;
  std::free(p);
#endif
}

}  // namespace continuum
