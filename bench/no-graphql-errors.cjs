// autocannon's verifyBody (a CommonJS file: its worker threads `require` it). A response with
// GraphQL errors is a mismatch: a benchmark of answers that failed in part measures nothing.
// The first one is printed, so a failed run says why.
let shown = false;
module.exports = function noGraphQLErrors(body) {
  const answered = typeof body === "string" && body.startsWith('{"data":') && !body.includes('"errors":[');
  if (!answered && !shown) {
    shown = true;
    console.error(`bench: an answer with errors: ${String(body).slice(0, 1_000)}`);
  }
  return answered;
};
