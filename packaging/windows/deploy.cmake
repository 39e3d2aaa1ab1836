# Makes a Windows bin/ folder self-contained: Qt (windeployqt), LibTorch's and OpenCV's DLLs, and
# optionally the CUDA runtime. Runs at install time (cmake/WindowsDeploy.cmake sets the variables
# below), or by hand on a build tree so the freshly built programs start from it:
#   cmake -DINSTYLE_DEPLOY_DIR=build/app -DINSTYLE_WINDEPLOYQT=C:/Qt/6.5.3/msvc2019_64/bin/windeployqt.exe
#         -DINSTYLE_TORCH_DLL_DIR=C:/libtorch/lib -DINSTYLE_OPENCV_DLLS=C:/opencv/build/x64/vc16/bin/opencv_world460.dll
#         -P packaging/windows/deploy.cmake
# INSTYLE_CUDA_DLL_DIR (optional): a CUDA toolkit's bin/ whose cudart/cublas/cufft/curand/nvrtc
# DLLs are copied too.
cmake_minimum_required(VERSION 3.24)

if(NOT INSTYLE_DEPLOY_DIR OR NOT IS_DIRECTORY "${INSTYLE_DEPLOY_DIR}")
  message(FATAL_ERROR "deploy.cmake: INSTYLE_DEPLOY_DIR '${INSTYLE_DEPLOY_DIR}' is not a folder")
endif()

# file(INSTALL) records the files in install_manifest.txt (so the uninstaller removes them) when
# run from an install script; from `cmake -P` it is a plain copy.
function(_instyle_deploy_files)
  if(ARGN)
    file(INSTALL ${ARGN} DESTINATION "${INSTYLE_DEPLOY_DIR}" FOLLOW_SYMLINK_CHAIN)
  endif()
endfunction()

set(_exes "")
foreach(_name instyle instyle-cli)
  if(EXISTS "${INSTYLE_DEPLOY_DIR}/${_name}.exe")
    list(APPEND _exes "${INSTYLE_DEPLOY_DIR}/${_name}.exe")
  endif()
endforeach()
if(NOT _exes)
  message(FATAL_ERROR "deploy.cmake: no instyle.exe or instyle-cli.exe in ${INSTYLE_DEPLOY_DIR}")
endif()

if(INSTYLE_WINDEPLOYQT)
  # --no-compiler-runtime: InstallRequiredSystemLibraries puts the MSVC runtime beside the exes.
  execute_process(COMMAND "${INSTYLE_WINDEPLOYQT}" --release --no-compiler-runtime --no-opengl-sw
                          --dir "${INSTYLE_DEPLOY_DIR}" ${_exes}
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "deploy.cmake: windeployqt failed (${_rc})")
  endif()
else()
  message(WARNING "deploy.cmake: no windeployqt given: Qt's DLLs are not copied")
endif()

if(INSTYLE_TORCH_DLL_DIR)
  file(GLOB _torch_dlls "${INSTYLE_TORCH_DLL_DIR}/*.dll")
  if(NOT _torch_dlls)
    message(FATAL_ERROR "deploy.cmake: no DLLs in INSTYLE_TORCH_DLL_DIR ${INSTYLE_TORCH_DLL_DIR}")
  endif()
  _instyle_deploy_files(${_torch_dlls})
endif()

foreach(_dll IN LISTS INSTYLE_OPENCV_DLLS)
  if(_dll MATCHES "\\.dll$")
    _instyle_deploy_files("${_dll}")
  endif()
endforeach()

if(INSTYLE_CUDA_DLL_DIR)
  file(GLOB _cuda_dlls "${INSTYLE_CUDA_DLL_DIR}/cudart64_*.dll" "${INSTYLE_CUDA_DLL_DIR}/cublas*.dll"
       "${INSTYLE_CUDA_DLL_DIR}/cufft64_*.dll" "${INSTYLE_CUDA_DLL_DIR}/curand64_*.dll"
       "${INSTYLE_CUDA_DLL_DIR}/cusparse64_*.dll" "${INSTYLE_CUDA_DLL_DIR}/cusolver64_*.dll"
       "${INSTYLE_CUDA_DLL_DIR}/nvrtc*.dll" "${INSTYLE_CUDA_DLL_DIR}/nvToolsExt64_*.dll")
  _instyle_deploy_files(${_cuda_dlls})
endif()
