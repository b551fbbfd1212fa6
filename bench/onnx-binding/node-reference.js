// Reference timing: ONNX Runtime through onnxruntime-node 1.30.0 on the same model, threads and batches as ours.
// Usage: node node-reference.js MODEL THREADS WARMUP ITER_BATCH1 ITER_BATCH32 BATCHES(comma list)
// Prints one JSON line per batch: {"batch":1,"meanMs":...,"p50Ms":...,"iterations":...}
'use strict';
const ort = require('onnxruntime-node');

async function main() {
  const [model, threads, warmup, iterSmall, iterLarge, batches] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const inputName = session.inputNames[0];
  for (const batch of batches.split(',').map(Number)) {
    const size = batch * 3 * 32 * 32;
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = Math.sin((i + 1) * 0.37);
    const feeds = { [inputName]: new ort.Tensor('float32', data, [batch, 3, 32, 32]) };
    const iterations = batch === 1 ? Number(iterSmall) : Number(iterLarge);
    for (let i = 0; i < Number(warmup); i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < iterations; i++) {
      const start = process.hrtime.bigint();
      const result = await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result[session.outputNames[0]].data.length !== batch * 10) throw new Error('unexpected output size');
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(JSON.stringify({ batch, meanMs: mean, p50Ms: times[Math.floor(times.length / 2)], iterations }));
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
