# One set of warnings for every Continuum target (library, CLI, tests, benchmarks):
# link `continuum_warnings`. CONTINUUM_WERROR turns them into errors (CI turns it on).
option(CONTINUUM_WERROR "Treat compiler warnings as errors" OFF)
add_library(continuum_warnings INTERFACE)
target_compile_options(continuum_warnings INTERFACE -Wall -Wextra -Wpedantic
                                                    $<$<BOOL:${CONTINUUM_WERROR}>:-Werror>)
# GCC 12 at -O3 reports -Wrestrict inside std::string concatenation where there is no overlap
# (GCC bug 105329): off for GCC 12 so that -Werror stays usable.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(continuum_warnings INTERFACE -Wno-restrict)
endif()
