// A full local AT Protocol network (PLC, PDS, AppView, bsync, Ozone) on 127.0.0.1 only.
// Adapted from the project's recipe (shared/recipes/bluesky-devnet/devnet.mjs); started
// by accalmie/testing/bluesky/launcher.py, which sets the environment read below:
//   DB_POSTGRES_URL, REDIS_HOST (read by @atproto/dev-env itself),
//   DEVNET_SCHEMA (a fresh PostgreSQL schema per start), DEVNET_PORT_BASE (PLC = base,
//   PDS = base+1, AppView = base+2, Ozone = base+5).
// Prints one JSON line {"ready": true, ...} once every server listens.
import net from 'node:net'

// Force every server that listens on "just a port" onto 127.0.0.1.
const origListen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const a0 = args[0]
  if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\d+$/.test(a0))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  } else if (a0 && typeof a0 === 'object' && a0.path === undefined && a0.host === undefined && !(a0 instanceof net.Server) && a0.fd === undefined && a0.handle === undefined && a0._handle === undefined) {
    args[0] = { ...a0, host: '127.0.0.1' }
  } else if (args.length === 0 || typeof a0 === 'function') {
    args.unshift(0, '127.0.0.1')
  }
  return origListen.apply(this, args)
}

const base = Number(process.env.DEVNET_PORT_BASE || 2582)
const schema = process.env.DEVNET_SCHEMA || 'devnet'
const t0 = Date.now()
const { TestNetwork, mockMailer } = await import('@atproto/dev-env')
const tImport = Date.now()
const network = await TestNetwork.create({
  dbPostgresSchema: schema,
  plc: { port: base },
  pds: { port: base + 1, hostname: 'localhost' },
  bsky: { port: base + 2 },
  ozone: { port: base + 5, chatUrl: `http://localhost:${base + 8}`, chatDid: 'did:example:chat' },
})
mockMailer(network.pds)
const tReady = Date.now()
console.log(JSON.stringify({
  ready: true, importMs: tImport - t0, createMs: tReady - tImport,
  plc: network.plc.url, pds: network.pds.url, appview: network.bsky.url,
  appviewDid: network.bsky.serverDid, ozone: network.ozone.url,
  ozoneDid: network.ozone.ctx.cfg.service.did,
  ozoneAdminPassword: 'admin-pass', // dev-env's ADMIN_PASSWORD (dist/const.js)
  rssMB: Math.round(process.memoryUsage().rss / 1e6),
}))
let closing = false
const shutdown = async () => {
  if (closing) return
  closing = true
  console.log(JSON.stringify({ closing: true }))
  try { await network.close() } finally { process.exit(0) }
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
// The launcher gone (a test run killed outright): stop rather than linger.
const parent = Number(process.env.DEVNET_PARENT_PID || 0)
if (parent) {
  setInterval(() => {
    try { process.kill(parent, 0) } catch { shutdown() }
  }, 2000).unref()
}
