// The precompiled headers' own translation unit (tests/CMakeLists.txt).
