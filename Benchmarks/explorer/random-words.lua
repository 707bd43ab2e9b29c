-- wrk script: every request asks the neighbours (k = 10) of a random word w0 … w(N-1) of the benchmark model.
-- Each wrk thread has its own seed (the same seed in every thread would repeat one sequence, and the repeats
-- would be answered from the server's response cache). With 100k words the 8,192-entry response cache
-- answers only a few percent of the requests.
local n = tonumber(os.getenv("WORDS") or "100000")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(42 + 1000 * (tonumber(wrk.thread:get("id")) or 0))
end
request = function()
  return wrk.format("GET", "/api/neighbors?word=w" .. math.random(0, n - 1) .. "&k=10")
end
