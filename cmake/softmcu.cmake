# Helpers shared by every layer's CMakeLists.txt.

# softmcu_layer(NAME [PUBLIC deps...] [PRIVATE deps...])
# Builds every .cc under the calling folder (except main.cc files) into `softmcu_NAME`.
# Sources are globbed so that adding a class is adding its two files, nothing else.
function(softmcu_layer name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "/main\\.cc$")
  if(srcs)
    add_library(softmcu_${name} STATIC ${srcs})
    target_include_directories(softmcu_${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(softmcu_${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  else()
    # A layer whose code has not landed yet: headers only (or nothing).
    add_library(softmcu_${name} INTERFACE)
    target_include_directories(softmcu_${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(softmcu_${name} INTERFACE ${ARG_PUBLIC} ${ARG_PRIVATE})
  endif()
  add_library(softmcu::${name} ALIAS softmcu_${name})
endfunction()
