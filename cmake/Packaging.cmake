# Packages: DEB and TGZ on Linux, NSIS and WiX installers (and a ZIP) on Windows.
#   cmake --build build && (cd build && cpack)            # all generators of the platform
#   cpack --config build/CPackConfig.cmake -G DEB -B out  # one of them, elsewhere
# Included at the end of the top-level CMakeLists.txt. The install rules live in Install.cmake.
include(Install)

# --- Version: the project version, refined by `git describe` when the tree is a git checkout --
# Debian/TGZ versions: 0.1.0 (at a tag), 0.1.0+git5.gabc1234 (5 commits after it),
# 0.1.0+git.abc1234 (no tag yet); ".dirty" marks uncommitted changes. Windows installers need
# a purely numeric version, so they keep PROJECT_VERSION and carry the rest in the file name.
set(INSTYLE_PACKAGE_VERSION ${PROJECT_VERSION})
if(INSTYLE_GIT_DESCRIBE MATCHES "^v?([0-9]+\\.[0-9]+\\.[0-9]+)(-([0-9]+)-g([0-9a-f]+))?(-dirty)?$")
  if(NOT CMAKE_MATCH_1 VERSION_EQUAL PROJECT_VERSION)
    message(WARNING "git tag ${CMAKE_MATCH_1} differs from the project version ${PROJECT_VERSION}")
  endif()
  if(CMAKE_MATCH_3)
    string(APPEND INSTYLE_PACKAGE_VERSION "+git${CMAKE_MATCH_3}.g${CMAKE_MATCH_4}")
  endif()
  if(CMAKE_MATCH_5)
    string(APPEND INSTYLE_PACKAGE_VERSION "+dirty")
  endif()
elseif(INSTYLE_GIT_DESCRIBE MATCHES "^([0-9a-f]+)(-dirty)?$")
  string(APPEND INSTYLE_PACKAGE_VERSION "+git.${CMAKE_MATCH_1}")
  if(CMAKE_MATCH_2)
    string(APPEND INSTYLE_PACKAGE_VERSION ".dirty")
  endif()
endif()

set(CPACK_PACKAGE_NAME instyle)
set(CPACK_PACKAGE_VENDOR "The instyle authors")
set(CPACK_PACKAGE_CONTACT "The instyle authors <instyle@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION "instyle repaints a photo, or chosen objects in it, in the style of one or
more paintings. Depth (MiDaS) and Laplacian losses keep the shapes of the
objects while they take on the painting's colours and strokes. The package
holds the desktop application (instyle) and the command line tool
(instyle-cli). Model files are downloaded on first use.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/instyle/instyle")
set(CPACK_PACKAGE_VERSION_MAJOR ${PROJECT_VERSION_MAJOR})
set(CPACK_PACKAGE_VERSION_MINOR ${PROJECT_VERSION_MINOR})
set(CPACK_PACKAGE_VERSION_PATCH ${PROJECT_VERSION_PATCH})
configure_file(${PROJECT_SOURCE_DIR}/LICENSE ${CMAKE_BINARY_DIR}/LICENSE.txt COPYONLY)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_BINARY_DIR}/LICENSE.txt)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "\\\\.wip$" "__pycache__")

if(WIN32)
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
  set(CPACK_PACKAGE_FILE_NAME "instyle-${INSTYLE_PACKAGE_VERSION}-windows-x64")
  set(CPACK_GENERATOR "NSIS;WIX;ZIP")
else()
  set(CPACK_PACKAGE_VERSION ${INSTYLE_PACKAGE_VERSION})
  string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" _instyle_system)
  set(CPACK_PACKAGE_FILE_NAME "instyle-${INSTYLE_PACKAGE_VERSION}-${_instyle_system}")
  set(CPACK_GENERATOR "DEB;TGZ")
endif()

# --- DEB -----------------------------------------------------------------------------------
# Dependencies: dpkg-shlibdeps reads them off the linked libraries (libtorch1.13, libqt6widgets6,
# libopencv-*406, ...). It needs every linked library to belong to a Debian package: with a
# LibTorch from pytorch.org, configure with -DINSTYLE_DEB_SHLIBDEPS=OFF and list them yourself.
# LibTorch's BLAS is a run-time choice on Debian: without the OpenMP/pthread OpenBLAS it falls
# back to the reference BLAS, several times slower, hence the explicit dependency. The window
# icon is an SVG, drawn by Qt's SVG icon-engine plugin (libqt6svg6), which nothing links.
option(INSTYLE_DEB_SHLIBDEPS "Derive the DEB's dependencies with dpkg-shlibdeps" ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ${INSTYLE_DEB_SHLIBDEPS})
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, libqt6svg6")
# qt6-translations-l10n: Qt's own dialogs and buttons in the language of instyle's translation.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-translations-l10n, curl | wget")
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # instyle_<version>_<arch>.deb
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)  # xz saves ~20 % for many times the packing time
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# --- Windows: NSIS -----------------------------------------------------------------------------
set(INSTYLE_WINDOWS_ICON ${CMAKE_BINARY_DIR}/instyle.ico)  # made by WindowsDeploy.cmake when it can
set(CPACK_PACKAGE_INSTALL_DIRECTORY instyle)
set(CPACK_PACKAGE_EXECUTABLES instyle instyle)  # start-menu entry: bin/instyle.exe, "instyle"
set(CPACK_CREATE_DESKTOP_LINKS instyle)
set(CPACK_NSIS_PACKAGE_NAME instyle)
set(CPACK_NSIS_DISPLAY_NAME "instyle ${PROJECT_VERSION}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\instyle.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${CPACK_PACKAGE_HOMEPAGE_URL}#readme")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)  # an upgrade replaces the old version
set(CPACK_NSIS_MODIFY_PATH ON)  # offers to put bin/ (instyle-cli) on PATH
set(CPACK_NSIS_MUI_FINISHPAGE_RUN instyle.exe)
if(WIN32 AND EXISTS ${INSTYLE_WINDOWS_ICON})
  set(CPACK_NSIS_MUI_ICON ${INSTYLE_WINDOWS_ICON})
  set(CPACK_NSIS_MUI_UNIICON ${INSTYLE_WINDOWS_ICON})
endif()
# File association: *.instyle project files open in instyle. CPack copies these values into
# CPackConfig.cmake inside "..." without escaping them, so quotes and backslashes are escaped
# here once (\" and \\); NSIS then gets '"$INSTDIR\bin\instyle.exe" "%1"'.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr HKCR '.instyle' '' 'instyle.Project'
  WriteRegStr HKCR '.instyle' 'Content Type' 'application/x-instyle-project'
  WriteRegStr HKCR 'instyle.Project' '' 'instyle project'
  WriteRegStr HKCR 'instyle.Project\\DefaultIcon' '' '$INSTDIR\\bin\\instyle.exe,0'
  WriteRegStr HKCR 'instyle.Project\\shell\\open\\command' '' '\"$INSTDIR\\bin\\instyle.exe\" \"%1\"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  ReadRegStr $0 HKCR '.instyle' ''
  StrCmp $0 'instyle.Project' 0 +2
  DeleteRegKey HKCR '.instyle'
  DeleteRegKey HKCR 'instyle.Project'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
]=])

# --- Windows: WiX (MSI) --------------------------------------------------------------------------
# The upgrade code never changes: it is what makes a newer MSI replace an installed older one.
set(CPACK_WIX_UPGRADE_GUID "709CF84D-F9B2-4797-ACC1-64493D965BCD")
set(CPACK_WIX_PROGRAM_MENU_FOLDER instyle)
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_WIX_PATCH_FILE ${PROJECT_SOURCE_DIR}/packaging/windows/wix-file-association.xml)
if(WIN32 AND EXISTS ${INSTYLE_WINDOWS_ICON})
  set(CPACK_WIX_PRODUCT_ICON ${INSTYLE_WINDOWS_ICON})
endif()

include(CPack)
