# One set of warnings for every Continuum target (library, CLI, tests, benchmarks):
# link `continuum_warnings`. CONTINUUM_WERROR turns them into errors (CI turns it on).
option(CONTINUUM_WERROR "Treat compiler warnings as errors" OFF)
add_library(continuum_warnings INTERFACE)
target_compile_options(continuum_warnings INTERFACE -Wall -Wextra -Wpedantic
                                                    $<$<BOOL:${CONTINUUM_WERROR}>:-Werror>)
