# ctest entries discovered from a Catch2 test program's tags, so that a test
# under a new tag always runs: one entry per tag (<prefix>_<tag>, "-" becoming
# "_"), and <prefix>_untagged for the test cases no tag names, if any. The
# program is asked when ctest starts (TEST_INCLUDE_FILES), not when CMake
# configures, so the list always matches the program that will run.
#
#   sesame_add_catch_tag_tests(<target> <prefix>)
#
# A test case should carry one tag: one with two runs in both entries.
set(SESAME_CATCH_TAGS_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/catch_tags_ctest.cmake")

function(sesame_add_catch_tag_tests target prefix)
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${prefix}_tags.cmake")
  file(GENERATE OUTPUT "${include_file}" CONTENT
"set(SESAME_TAGS_EXE \"$<TARGET_FILE:${target}>\")
set(SESAME_TAGS_PREFIX \"${prefix}\")
set(SESAME_TAGS_WORKDIR \"${CMAKE_CURRENT_BINARY_DIR}\")
include(\"${SESAME_CATCH_TAGS_SCRIPT}\")
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
