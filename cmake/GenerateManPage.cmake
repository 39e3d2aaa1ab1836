# Writes instyle-cli(1) from the program's own help texts, so the man page follows the code.
#   cmake -DCLI=path/to/instyle-cli -DOUT=instyle-cli.1 -DVERSION=x.y.z -P GenerateManPage.cmake
# The commands are read from `instyle-cli --help` ("Commands:" block), each one's options from
# `instyle-cli COMMAND --help`.
cmake_minimum_required(VERSION 3.24)
foreach(_var CLI OUT VERSION)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "GenerateManPage.cmake: -D${_var}=... is required")
  endif()
endforeach()

# roff-escapes help text for a .nf block: backslashes, minus signs, and lines starting with a
# control character.
function(_roff_escape out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${CLI} --help OUTPUT_VARIABLE _top ERROR_VARIABLE _err RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0 OR NOT _top MATCHES "\nCommands:\n")
  message(FATAL_ERROR "GenerateManPage.cmake: `${CLI} --help` failed (${_rc}): ${_err}")
endif()
string(REGEX REPLACE ".*\nCommands:\n" "" _block "${_top}")
string(REGEX REPLACE "\n\n.*" "" _block "${_block}")
string(REPLACE "\n" ";" _lines "${_block}")

set(_commands "")
foreach(_line IN LISTS _lines)
  if(_line MATCHES "^  ([a-z][a-z0-9-]*) +(.*)$")
    set(_name "${CMAKE_MATCH_1}")
    set(_summary "${CMAKE_MATCH_2}")
    execute_process(COMMAND ${CLI} ${_name} --help OUTPUT_VARIABLE _help ERROR_VARIABLE _help_err RESULT_VARIABLE _hrc)
    if(NOT _hrc EQUAL 0)
      message(FATAL_ERROR "GenerateManPage.cmake: `${CLI} ${_name} --help` failed (${_hrc}): ${_help_err}")
    endif()
    string(STRIP "${_help}" _help)
    _roff_escape(_help "${_help}")
    _roff_escape(_summary "${_summary}")
    string(APPEND _commands ".SS ${_name}\n${_summary}.\n.PP\n.nf\n${_help}\n.fi\n")
  endif()
endforeach()
if(_commands STREQUAL "")
  message(FATAL_ERROR "GenerateManPage.cmake: no commands found in `${CLI} --help`")
endif()

set(_page [=[.TH INSTYLE\-CLI 1 "" "instyle %VERSION%" "User Commands"
.SH NAME
instyle\-cli \- depth\-aware and Laplacian\-steered instance style transfer from the command line
.SH SYNOPSIS
.B instyle\-cli
.I COMMAND
.RI [ OPTIONS ]
.br
.B instyle\-cli
.BR \-\-help " | " \-\-version
.br
.B instyle\-cli
.I COMMAND
.B \-\-help
.SH DESCRIPTION
.B instyle\-cli
repaints a photo, or chosen objects (instances) in it, in the style of one or more paintings. It
optimises the paper's loss, a weighted sum of content, style, depth (MiDaS) and Laplacian terms,
with a VGG\-19 network. It is the headless counterpart of
.BR instyle (1)
and runs on the CPU, or on a CUDA GPU when LibTorch has one.
.PP
The model files (VGG\-19, MiDaS, the segmentation network) are not part of the package:
.B instyle\-cli models download
fetches them, or place the official files in one of the folders listed under FILES.
Without the VGG\-19 file, stylize runs with random weights and says so.
.SH COMMANDS
%COMMANDS%.SH ENVIRONMENT
.TP
.B INSTYLE_MODELS_DIR
A folder searched for model files after the \-\-models\-dir option.
.TP
.B XDG_DATA_HOME
The per\-user models folder is
.IR $XDG_DATA_HOME/instyle/models .
.SH FILES
.TP
.I ~/.local/share/instyle/models
The per\-user models folder (when XDG_DATA_HOME is not set); models download writes here.
.TP
.I /usr/share/instyle/models
The system\-wide models folder (relative to the installed program: ../share/instyle/models).
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
The work failed: a file could not be read or written, a model file does not match, a numeric fault.
.TP
.B 2
The command line is wrong (unknown command or option, bad value).
.SH EXAMPLES
.nf
instyle\-cli stylize \-\-content photo.jpg \-\-style painting.jpg \-\-out result.png \-\-size 512
instyle\-cli models list
.fi
.SH SEE ALSO
.BR instyle (1)
]=])
string(REPLACE "%VERSION%" "${VERSION}" _page "${_page}")
string(REPLACE "%COMMANDS%" "${_commands}" _page "${_page}")
file(WRITE "${OUT}.tmp" "${_page}")
file(RENAME "${OUT}.tmp" "${OUT}")
