-- wrk script: stop after a number of answers in all (each thread its share), so that a run sends
-- a known number of requests through the server. Arguments: the number, and wrk's thread count.
local share, answered = 0, 0

function init(args)
  share = math.ceil(tonumber(args[1]) / tonumber(args[2]))
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= share then
    wrk.thread:stop()
  end
end
