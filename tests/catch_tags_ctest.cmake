# Run by ctest itself (see catch_tags.cmake): lists the program's tags and adds
# one test per tag, plus one for what no tag names. Input: SESAME_TAGS_EXE,
# SESAME_TAGS_PREFIX, SESAME_TAGS_WORKDIR.
if(NOT EXISTS "${SESAME_TAGS_EXE}")
  # Not built: one entry that fails and says so, rather than no tests at all.
  add_test("${SESAME_TAGS_PREFIX}_not_built" "${SESAME_TAGS_EXE}")
  return()
endif()

execute_process(COMMAND "${SESAME_TAGS_EXE}" --list-tags
                OUTPUT_VARIABLE listing RESULT_VARIABLE status WORKING_DIRECTORY "${SESAME_TAGS_WORKDIR}")
# Catch2 v2 answers the number of tags listed as its exit status: only a crash is a failure.
if(NOT status MATCHES "^[0-9]+$")
  add_test("${SESAME_TAGS_PREFIX}_list_tags" "${SESAME_TAGS_EXE}" --list-tags)
  return()
endif()

# "  12  [http]": hidden ([.], [!…]) tags are not entries; Catch2 skips them by default.
string(REGEX MATCHALL "\\[[^].!][^]]*\\]" tags "${listing}")
list(REMOVE_DUPLICATES tags)
set(none_of_them "~[.]")
foreach(tag IN LISTS tags)
  string(REGEX REPLACE "^\\[(.*)\\]$" "\\1" word "${tag}")
  string(REGEX REPLACE "[^A-Za-z0-9_]" "_" word "${word}")
  set(name "${SESAME_TAGS_PREFIX}_${word}")
  add_test("${name}" "${SESAME_TAGS_EXE}" "${tag}")
  set_tests_properties("${name}" PROPERTIES WORKING_DIRECTORY "${SESAME_TAGS_WORKDIR}")
  string(APPEND none_of_them "~${tag}")
endforeach()

execute_process(COMMAND "${SESAME_TAGS_EXE}" --list-test-names-only "${none_of_them}"
                OUTPUT_VARIABLE untagged WORKING_DIRECTORY "${SESAME_TAGS_WORKDIR}")
string(STRIP "${untagged}" untagged)
if(NOT untagged STREQUAL "")
  add_test("${SESAME_TAGS_PREFIX}_untagged" "${SESAME_TAGS_EXE}" "${none_of_them}")
  set_tests_properties("${SESAME_TAGS_PREFIX}_untagged" PROPERTIES WORKING_DIRECTORY "${SESAME_TAGS_WORKDIR}")
endif()
