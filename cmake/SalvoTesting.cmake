# salvo_add_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [GUI] [AUDIO]
#                [TIMEOUT <s>] [LABELS <labels...>])
# One Qt Test executable per call, registered with CTest.
#  GUI   runs under the offscreen platform plugin (no display needed).
#  AUDIO points ALSA at tests/alsa/asound.conf, a null PCM, so PortAudio has a device.
set(SALVO_TEST_DATA_DIR "${CMAKE_SOURCE_DIR}/tests/data")
function(salvo_add_test)
  cmake_parse_arguments(T "GUI;AUDIO" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE
    SALVO_SHARED_DIR="${SALVO_SHARED_DIR}"
    SALVO_TEST_DATA_DIR="${SALVO_TEST_DATA_DIR}"
    SALVO_BINARY_DIR="${CMAKE_BINARY_DIR}"
    SALVO_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  salvo_set_warnings(${T_NAME})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set(env "QT_QPA_PLATFORM=offscreen" "LC_ALL=C.UTF-8")
  if(T_AUDIO)
    list(APPEND env "ALSA_CONFIG_PATH=${CMAKE_SOURCE_DIR}/tests/alsa/asound.conf")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${T_TIMEOUT}
                       LABELS "${T_LABELS}")
endfunction()
