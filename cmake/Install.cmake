# Install layout and desktop integration. Included by Packaging.cmake at the end of the top-level
# CMakeLists.txt, when every target exists.
#
# Linux (FHS prefix):          Windows (installer folder):
#   bin/instyle, instyle-cli     bin/instyle.exe, instyle-cli.exe + Qt/LibTorch/OpenCV DLLs
#   share/applications/io.github.instyle.desktop
#   share/metainfo/io.github.instyle.metainfo.xml
#   share/mime/packages/io.github.instyle.xml
#   share/icons/hicolor/{scalable,NxN}/apps/io.github.instyle.{svg,png}
#   share/man/man1/instyle.1.gz, instyle-cli.1.gz
#   share/instyle/translations/*.qm, share/instyle/models/ (system-wide model files)
#   share/doc/instyle/copyright  (LICENSE)
include(GNUInstallDirs)

set(INSTYLE_APP_ID io.github.instyle)
set(INSTYLE_RESOURCES_DIR ${PROJECT_SOURCE_DIR}/resources)
set(INSTYLE_DATA_DESTINATION ${CMAKE_INSTALL_DATADIR}/instyle)

# The executables find any shared library the project installs beside them through an
# $ORIGIN-relative RUNPATH, so an extracted tree works wherever it lies. Qt, LibTorch and OpenCV
# come from the system's library path and are not named, so that no build-tree path leaks in.
if(UNIX AND NOT APPLE)
  file(RELATIVE_PATH _instyle_bin_to_lib /${CMAKE_INSTALL_BINDIR} /${CMAKE_INSTALL_LIBDIR})
  foreach(_t instyle instyle-cli)
    if(TARGET ${_t})
      set_target_properties(${_t} PROPERTIES INSTALL_RPATH "\$ORIGIN/${_instyle_bin_to_lib}")
    endif()
  endforeach()
endif()

# --- Files every platform gets --------------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

# Translations: qt_add_translations (Qt 6.4) embeds the .qm files in instyle_ui and, with a
# RESOURCE_PREFIX, refuses QM_FILES_OUTPUT_VARIABLE; its lrelease step writes <ts name>.qm into
# instyle_ui's binary dir, which is where they are picked up here (built before install runs).
if(TARGET instyle_ui)
  file(GLOB _instyle_ts_files ${PROJECT_SOURCE_DIR}/translations/*.ts)
  set(_instyle_qm_files "")
  foreach(_ts ${_instyle_ts_files})
    get_filename_component(_name ${_ts} NAME_WLE)
    list(APPEND _instyle_qm_files "$<TARGET_PROPERTY:instyle_ui,BINARY_DIR>/${_name}.qm")
  endforeach()
  if(_instyle_qm_files)
    install(FILES ${_instyle_qm_files} DESTINATION ${INSTYLE_DATA_DESTINATION}/translations)
  endif()
endif()

# The system-wide models folder (instyle-cli searches <prefix>/share/instyle/models last).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/models-README.txt DESTINATION ${INSTYLE_DATA_DESTINATION}/models
        RENAME README.txt)

# --- Linux desktop integration ----------------------------------------------------------------
if(UNIX AND NOT APPLE AND TARGET instyle)
  install(FILES ${INSTYLE_RESOURCES_DIR}/${INSTYLE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${INSTYLE_RESOURCES_DIR}/${INSTYLE_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${INSTYLE_RESOURCES_DIR}/${INSTYLE_APP_ID}.mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
          RENAME ${INSTYLE_APP_ID}.xml)
  install(FILES ${INSTYLE_RESOURCES_DIR}/instyle.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
          RENAME ${INSTYLE_APP_ID}.svg)

  # Bitmap sizes of the icon, rendered from the SVG at build time.
  find_program(INSTYLE_RSVG_CONVERT rsvg-convert)
  if(INSTYLE_RSVG_CONVERT)
    set(_instyle_pngs "")
    foreach(_size 16 22 24 32 48 64 128 256 512)
      set(_png ${CMAKE_BINARY_DIR}/icons/${_size}x${_size}/${INSTYLE_APP_ID}.png)
      add_custom_command(OUTPUT ${_png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${_size}x${_size}
        COMMAND ${INSTYLE_RSVG_CONVERT} -w ${_size} -h ${_size} -o ${_png} ${INSTYLE_RESOURCES_DIR}/instyle.svg
        DEPENDS ${INSTYLE_RESOURCES_DIR}/instyle.svg VERBATIM)
      list(APPEND _instyle_pngs ${_png})
      install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
    endforeach()
    add_custom_target(instyle_icons ALL DEPENDS ${_instyle_pngs})
  else()
    message(WARNING "rsvg-convert not found (Debian: librsvg2-bin): only the scalable icon is installed")
  endif()
endif()

# Man pages: instyle-cli's is generated from its own --help output, so it cannot go stale.
if(UNIX AND NOT APPLE AND TARGET instyle-cli)
  find_program(INSTYLE_GZIP gzip)
  set(_instyle_man_dir ${CMAKE_BINARY_DIR}/man)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/linux/instyle.1.in ${_instyle_man_dir}/instyle.1 @ONLY)
  # (Leak reports of a sanitizer build would fail the step: they are off for these --help runs.)
  add_custom_command(OUTPUT ${_instyle_man_dir}/instyle-cli.1
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:instyle-cli> -DOUT=${_instyle_man_dir}/instyle-cli.1
            -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/GenerateManPage.cmake
    DEPENDS instyle-cli ${PROJECT_SOURCE_DIR}/cmake/GenerateManPage.cmake VERBATIM)
  set(_instyle_man_pages ${_instyle_man_dir}/instyle-cli.1)
  if(TARGET instyle)
    list(APPEND _instyle_man_pages ${_instyle_man_dir}/instyle.1)
  endif()
  set(_instyle_man_outputs "")
  foreach(_page ${_instyle_man_pages})
    if(INSTYLE_GZIP)
      # -n: no name or time stamp inside, so the package is reproducible (Debian policy 12.3).
      add_custom_command(OUTPUT ${_page}.gz COMMAND ${INSTYLE_GZIP} -9 -n -f -k ${_page} DEPENDS ${_page} VERBATIM)
      list(APPEND _instyle_man_outputs ${_page}.gz)
    else()
      list(APPEND _instyle_man_outputs ${_page})
    endif()
  endforeach()
  add_custom_target(instyle_manpages ALL DEPENDS ${_instyle_man_outputs})
  install(FILES ${_instyle_man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# tst_packaging packs the build tree with CPack, which builds nothing itself (Ninja).
if(TARGET tst_packaging)
  foreach(_t instyle_icons instyle_manpages)
    if(TARGET ${_t})
      add_dependencies(tst_packaging ${_t})
    endif()
  endforeach()
endif()

# --- Windows: icon, runtime DLLs -------------------------------------------------------------
if(WIN32)
  include(WindowsDeploy)
endif()
