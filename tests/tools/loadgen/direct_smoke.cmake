# The softmcu-loadgen binary end to end, as a script would use it: a short --direct run
# writes a JSON report, which the binary's own --validate-report then checks against the
# documented schema. Run by CTest (label tools) with LOADGEN and OUT set.
execute_process(
  COMMAND ${LOADGEN} --direct reflect --endpoints 3 --duration 3 --decode-share 1 --loop-seconds 1
          --idr-interval 0.5 --renditions 640x360@600,320x180@200 --quiet --json ${OUT}
  RESULT_VARIABLE run_result OUTPUT_VARIABLE run_output ERROR_VARIABLE run_error TIMEOUT 90)
message("${run_output}")
if(NOT run_result EQUAL 0)
  message(FATAL_ERROR "softmcu-loadgen failed (${run_result}): ${run_error}")
endif()
if(NOT run_output MATCHES "joined +3 / 3")
  message(FATAL_ERROR "not every endpoint joined")
endif()
execute_process(COMMAND ${LOADGEN} --validate-report ${OUT} RESULT_VARIABLE check_result
                OUTPUT_VARIABLE check_output ERROR_VARIABLE check_error TIMEOUT 30)
if(NOT check_result EQUAL 0)
  message(FATAL_ERROR "the report does not validate: ${check_error}")
endif()
# Bad input gets an answer that says what to do next, never a hang.
execute_process(COMMAND ${LOADGEN} --target sip:1000@127.0.0.1:5060 --endpoints 1 --duration 1
                RESULT_VARIABLE sip_result ERROR_VARIABLE sip_error TIMEOUT 30)
if(sip_result EQUAL 0 OR NOT sip_error MATCHES "--direct")
  message(FATAL_ERROR "--target without SIP should refuse and point to --direct: ${sip_error}")
endif()
execute_process(COMMAND ${LOADGEN} --direct reflect --renditions 100x100@5 RESULT_VARIABLE bad_result
                ERROR_VARIABLE bad_error TIMEOUT 30)
if(bad_result EQUAL 0 OR NOT bad_error MATCHES "320x144")
  message(FATAL_ERROR "a bad --renditions should be refused with the rule: ${bad_error}")
endif()
