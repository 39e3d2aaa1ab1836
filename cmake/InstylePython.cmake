# The Python interpreter with torch + torchvision that the tests' and bench programs' reference
# computations and fixture writers run. Its path is written here only: code reads the
# INSTYLE_PYTHON compile definition that instyle_use_python() gives a target.
set(INSTYLE_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with torch/torchvision for reference tests and benchmarks")

function(instyle_use_python target)
  target_compile_definitions(${target} PRIVATE INSTYLE_PYTHON="${INSTYLE_PYTHON}")
endfunction()
