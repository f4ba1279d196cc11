// The overload-set idiom for std::visit: Overloaded{[](const A&) {...}, [](const B&) {...}}.
#pragma once

namespace continuum {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace continuum
