# Shared helpers for instyle targets.

# Common warnings for the project's own code.
function(instyle_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()

# Precompiled LibTorch header for a target with several translation units that include torch.
function(instyle_torch_pch target)
  if(INSTYLE_USE_PCH)
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
  endif()
endfunction()
