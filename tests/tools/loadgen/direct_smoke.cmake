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
# Over SIP, a target where nobody answers is a per-endpoint failure within the join timeout,
# never a hang; the run exits 1 (nobody joined) with the failure in the report.
execute_process(COMMAND ${LOADGEN} --target sip:1000@127.0.0.1:9 --endpoints 2 --duration 4 --join-timeout 1
                        --audio-only --quiet --json ${OUT}.sip.json
                RESULT_VARIABLE sip_result OUTPUT_VARIABLE sip_output ERROR_VARIABLE sip_error TIMEOUT 30)
if(NOT sip_result EQUAL 1 OR NOT sip_output MATCHES "joined +0 / 2")
  message(FATAL_ERROR "a silent SIP target should fail both endpoints and exit 1 (${sip_result}): ${sip_output} ${sip_error}")
endif()
execute_process(COMMAND ${LOADGEN} --validate-report ${OUT}.sip.json RESULT_VARIABLE sip_check
                ERROR_VARIABLE sip_check_error TIMEOUT 30)
if(NOT sip_check EQUAL 0)
  message(FATAL_ERROR "the failed run's report does not validate: ${sip_check_error}")
endif()
execute_process(COMMAND ${LOADGEN} --mode answer --endpoints 1 RESULT_VARIABLE listen_result
                ERROR_VARIABLE listen_error TIMEOUT 30)
if(NOT listen_result EQUAL 2 OR NOT listen_error MATCHES "--listen")
  message(FATAL_ERROR "answer mode without --listen should say so: ${listen_error}")
endif()
# The reference pipeline's input: the renditions as Annex B files.
get_filename_component(material_dir ${OUT} DIRECTORY)
execute_process(COMMAND ${LOADGEN} --write-material ${material_dir} --renditions 320x180@200 --loop-seconds 1
                RESULT_VARIABLE write_result OUTPUT_VARIABLE write_output ERROR_VARIABLE write_error TIMEOUT 60)
file(SIZE ${material_dir}/loadgen-320x180.h264 material_size)
if(NOT write_result EQUAL 0 OR material_size LESS 10000)
  message(FATAL_ERROR "--write-material did not write the 320x180 loop (${write_result}): ${write_error}")
endif()
execute_process(COMMAND ${LOADGEN} --direct reflect --renditions 100x100@5 RESULT_VARIABLE bad_result
                ERROR_VARIABLE bad_error TIMEOUT 30)
if(bad_result EQUAL 0 OR NOT bad_error MATCHES "320x144")
  message(FATAL_ERROR "a bad --renditions should be refused with the rule: ${bad_error}")
endif()
