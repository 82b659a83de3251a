# salvo_set_warnings(target): the project's warning set; errors when SALVO_WERROR is on.
function(salvo_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
  if(SALVO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
