-- wrk script: L1 with every query string new (customer_code counts up, each thread in its own
-- block), stopping after a number of answers in all (each thread its share), so that a run sends a
-- known number of requests, none equal to another. Arguments: the path prefix and query string of
-- L1 up to `customer_code=`, the number, wrk's thread count, and the first customer code.
local threads = {}
local share, answered, next_code = 0, 0, 0
local prefix

function setup(thread)
  thread:set("block", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  share = math.ceil(tonumber(args[2]) / tonumber(args[3]))
  next_code = tonumber(args[4]) + block * share
end

function request()
  next_code = next_code + 1
  return wrk.format("GET", prefix .. next_code)
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= share then
    wrk.thread:stop()
  end
end
