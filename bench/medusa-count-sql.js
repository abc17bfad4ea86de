// Preloaded into the Medusa peer (`node --require`) by bench/medusa.sh: counts the statements
// every copy of node-postgres sends (Client#query, which knex, MikroORM and pg.Pool all go
// through). `kill -USR2 PID` writes the process's running count to $SQL_COUNT_FILE.PID (each
// cluster worker has its own).
const Module = require("module")
const fs = require("fs")
let count = 0
const patched = new WeakSet()
const load = Module._load
Module._load = function (request, parent, isMain) {
  const out = load.apply(this, arguments)
  if (request === "pg" && out && out.Client && !patched.has(out.Client.prototype)) {
    const proto = out.Client.prototype
    const query = proto.query
    proto.query = function () {
      count++
      return query.apply(this, arguments)
    }
    patched.add(proto)
  }
  return out
}
process.on("SIGUSR2", () => {
  const file = process.env.SQL_COUNT_FILE
  if (file) {
    fs.writeFileSync(`${file}.${process.pid}.tmp`, String(count))
    fs.renameSync(`${file}.${process.pid}.tmp`, `${file}.${process.pid}`)
  }
})
