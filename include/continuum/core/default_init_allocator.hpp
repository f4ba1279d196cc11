// An allocator whose value-initialization is default-initialization: a std::vector of a
// trivial type grown by resize() keeps whatever its memory held instead of zero-filling it. For
// large buffers that are written in full before any read (a zero-fill would be a wasted pass
// over fresh memory).
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace continuum {

template <class T>
class DefaultInitAllocator : public std::allocator<T> {
 public:
  using value_type = T;
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() noexcept = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-initialized: no zero-fill for trivial types
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    std::allocator_traits<std::allocator<T>>::construct(static_cast<std::allocator<T>&>(*this), p,
                                                        std::forward<Args>(args)...);
  }
};

}  // namespace continuum
