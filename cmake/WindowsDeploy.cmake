# Windows: the program icon, and an install step that makes bin/ self-contained (Qt via
# windeployqt, LibTorch's and OpenCV's DLLs, the MSVC runtime). Included from Install.cmake.
#
# INSTYLE_DEPLOY_CUDA: also copy the CUDA runtime DLLs of the CUDA toolkit (for a CUDA-enabled
# LibTorch whose lib/ folder does not already carry them).
option(INSTYLE_DEPLOY_RUNTIME "Copy the Qt, LibTorch and OpenCV DLLs into the installed bin/" ON)
option(INSTYLE_DEPLOY_CUDA "Also copy the CUDA toolkit's runtime DLLs (CUDA-enabled LibTorch)" OFF)

# The icon: rendered from the SVG by ImageMagick when it is installed (the installers and the
# .exe then show it; without it they keep the default icons).
set(_instyle_ico ${CMAKE_BINARY_DIR}/instyle.ico)
find_program(INSTYLE_MAGICK magick)
if(INSTYLE_MAGICK AND NOT EXISTS ${_instyle_ico})
  execute_process(COMMAND ${INSTYLE_MAGICK} -background none ${PROJECT_SOURCE_DIR}/resources/instyle.svg
                          -define icon:auto-resize=256,64,48,32,16 ${_instyle_ico}
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(WARNING "magick could not render instyle.ico; the default icon is used")
  endif()
endif()
if(EXISTS ${_instyle_ico} AND TARGET instyle)
  file(WRITE ${CMAKE_BINARY_DIR}/instyle_icon.rc "IDI_ICON1 ICON \"${_instyle_ico}\"\n")
  target_sources(instyle PRIVATE ${CMAKE_BINARY_DIR}/instyle_icon.rc)
endif()

# The MSVC runtime DLLs (vcruntime140.dll, msvcp140.dll, ...) into bin/.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

if(NOT INSTYLE_DEPLOY_RUNTIME)
  return()
endif()

# windeployqt lies beside qmake.
get_target_property(_instyle_qmake Qt6::qmake IMPORTED_LOCATION)
get_filename_component(_instyle_qt_bin "${_instyle_qmake}" DIRECTORY)
find_program(INSTYLE_WINDEPLOYQT windeployqt HINTS "${_instyle_qt_bin}")
if(NOT INSTYLE_WINDEPLOYQT)
  message(WARNING "windeployqt not found: the installed bin/ will lack Qt's DLLs and plugins")
endif()

# LibTorch's DLLs (torch, c10, fbgemm, libiomp5md, asmjit, uv, and with CUDA cudnn/cublas/...).
set(_instyle_torch_dll_dir "")
if(DEFINED TORCH_INSTALL_PREFIX)
  set(_instyle_torch_dll_dir "${TORCH_INSTALL_PREFIX}/lib")
endif()

# OpenCV's DLLs: the imported targets' locations (opencv_world4xx.dll in the prebuilt package).
set(_instyle_opencv_dlls "")
foreach(_m core imgproc imgcodecs photo)
  if(TARGET opencv_${_m})
    list(APPEND _instyle_opencv_dlls "$<TARGET_FILE:opencv_${_m}>")
  endif()
endforeach()

set(_instyle_cuda_dll_dir "")
if(INSTYLE_DEPLOY_CUDA)
  find_package(CUDAToolkit REQUIRED)
  set(_instyle_cuda_dll_dir "${CUDAToolkit_BIN_DIR}")
endif()

install(CODE "
  set(INSTYLE_WINDEPLOYQT [[${INSTYLE_WINDEPLOYQT}]])
  set(INSTYLE_TORCH_DLL_DIR [[${_instyle_torch_dll_dir}]])
  set(INSTYLE_OPENCV_DLLS [[$<REMOVE_DUPLICATES:${_instyle_opencv_dlls}>]])
  set(INSTYLE_CUDA_DLL_DIR [[${_instyle_cuda_dll_dir}]])
  set(INSTYLE_DEPLOY_DIR \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  include([[${PROJECT_SOURCE_DIR}/packaging/windows/deploy.cmake]])
")
