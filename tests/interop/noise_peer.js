// An independent Noise peer for tests/integration/noise_interop_test.cpp:
// noise-handshake (holepunch, npm) runs Noise_XX_25519_ChaChaPoly_BLAKE2b
// as the initiator against a real mutuald, with mutual's prologue and
// framing (2-byte big-endian length; each transport plaintext starts with a
// flags byte, doc/sync.md). It checks the daemon's static key, reads the
// daemon's first transport message (a sync Hello), sends its own Hello and
// reads the daemon's answer (a Have): one message each way, both decrypted.
//
//   node noise_peer.js PORT OUR_SECRET_HEX EXPECTED_RESPONDER_STATIC_HEX
// Prints "ok" and exits 0 on success; anything else is a failure.
'use strict'
const net = require('net')
const Noise = require('noise-handshake')
const Cipher = require('noise-handshake/cipher')
const dh = require('noise-handshake/dh')

const [port, secretHex, expectedHex] = process.argv.slice(2)
const keyPair = dh.generateKeyPair(Buffer.from(secretHex, 'hex'))
const noise = new Noise('XX', true, keyPair)
noise.initialise(Buffer.from('mutual/1'))

const socket = net.connect(Number(port), '127.0.0.1')
let buffered = Buffer.alloc(0)
const waiting = []
function frame (payload) {
  const header = Buffer.alloc(2)
  header.writeUInt16BE(payload.length)
  return Buffer.concat([header, payload])
}
function nextFrame () {
  return new Promise((resolve) => { waiting.push(resolve); pump() })
}
function pump () {
  while (waiting.length && buffered.length >= 2) {
    const n = buffered.readUInt16BE(0)
    if (buffered.length < 2 + n) return
    const body = buffered.subarray(2, 2 + n)
    buffered = buffered.subarray(2 + n)
    waiting.shift()(body)
  }
}
socket.on('data', (d) => { buffered = Buffer.concat([buffered, d]); pump() })
function fail (why) { console.log('fail: ' + why); process.exit(1) }
socket.on('error', (e) => fail(e.message))
socket.on('close', () => fail('the daemon closed the connection'))
setTimeout(() => fail('timeout'), 20000).unref()

async function main () {
  socket.write(frame(noise.send()))          // -> e
  noise.recv(await nextFrame())              // <- e, ee, s, es
  if (Buffer.from(noise.rs).toString('hex') !== expectedHex) fail('unexpected responder key')
  socket.write(frame(noise.send()))          // -> s, se
  if (!noise.complete) fail('handshake incomplete')
  const send = new Cipher(noise.tx)
  const recv = new Cipher(noise.rx)

  const first = recv.decrypt(await nextFrame())
  // flags 0x00, then PeerMessage{hello (field 1, length-delimited)}
  if (first[0] !== 0x00 || first[1] !== 0x0a) fail('first message is not a Hello')

  // flags, PeerMessage{hello{protocol_version: 1}}
  socket.write(frame(send.encrypt(Buffer.from([0x00, 0x0a, 0x02, 0x08, 0x01]))))
  const answer = recv.decrypt(await nextFrame())
  // flags 0x00, then PeerMessage{have (field 2)}
  if (answer[0] !== 0x00 || answer[1] !== 0x12) fail('answer is not a Have')
  console.log('ok')
  process.exit(0)
}
main().catch((e) => fail(e.message))
