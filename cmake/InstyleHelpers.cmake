# Shared helpers for instyle targets.

# Common warnings for the project's own code.
function(instyle_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()

# Precompiled LibTorch header. instyle_core builds the one <torch/torch.h> PCH (~40 s, 570 MB);
# every other target with translation units that include torch reuses it (REUSE_FROM) instead of
# building its own: a torch TU then compiles in ~9-15 s instead of ~30-50 s on 2 cores. GCC takes a
# PCH only when -fPIC matches (instyle_core is PIC), so reusing targets are compiled with -fPIC too;
# the Qt and OpenCV defines they add do not touch LibTorch's headers.
#   instyle_torch_pch(target [TORCH_SOURCES_ONLY])
# TORCH_SOURCES_ONLY: only the sources that include a LibTorch header themselves get the PCH, so
# that the rest of a Qt target (ui/) stays free of LibTorch and pays nothing for it.
function(instyle_torch_pch target)
  cmake_parse_arguments(P "TORCH_SOURCES_ONLY" "" "" ${ARGN})
  if(NOT INSTYLE_USE_PCH)
    return()
  endif()
  if(target STREQUAL "instyle_core")
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
    return()
  endif()
  target_precompile_headers(${target} REUSE_FROM instyle_core)
  target_compile_options(${target} PRIVATE -fPIC)
  if(P_TORCH_SOURCES_ONLY)
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    foreach(source IN LISTS sources)
      if(NOT source MATCHES "\\.cpp$")
        continue()
      endif()
      get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${source_dir}")
      file(STRINGS "${path}" torch_includes REGEX "^#include <(torch|ATen|c10)/")
      if(NOT torch_includes)
        set_source_files_properties("${path}" TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
      endif()
    endforeach()
  endif()
endfunction()
