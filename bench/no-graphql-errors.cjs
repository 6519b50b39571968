// autocannon's verifyBody (a CommonJS file: its worker threads `require` it). A response with
// GraphQL errors is a mismatch: a benchmark of answers that failed in part measures nothing.
module.exports = function noGraphQLErrors(body) {
  return typeof body === "string" && body.startsWith('{"data":') && !body.includes('"errors":[');
};
