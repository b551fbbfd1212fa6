// Reference timing: ONNX Runtime through onnxruntime-node 1.30.0 on the same model, threads and batches as ours.
// Usage: node node-reference.js MODEL THREADS
// Then reads one request per stdin line, "BATCH ITERATIONS", runs that many timed session.run calls and answers
// with one JSON line {"batch":B,"ms":[...]} so the caller can interleave short chunks of ours and node's.
'use strict';
const readline = require('readline');
const ort = require('onnxruntime-node');

async function main() {
  const [model, threads] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const feedsByBatch = new Map();
  const feeds = (batch) => {
    if (!feedsByBatch.has(batch)) {
      const data = new Float32Array(batch * 3 * 32 * 32);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin((i + 1) * 0.37);
      feedsByBatch.set(batch, { [inputName]: new ort.Tensor('float32', data, [batch, 3, 32, 32]) });
    }
    return feedsByBatch.get(batch);
  };

  console.log(JSON.stringify({ ready: true }));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [batch, iterations] = line.trim().split(/\s+/).map(Number);
    const input = feeds(batch);
    const ms = [];
    for (let i = 0; i < iterations; i++) {
      const start = process.hrtime.bigint();
      const result = await session.run(input);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result[outputName].data.length !== batch * 10) throw new Error('unexpected output size');
    }
    console.log(JSON.stringify({ batch, ms }));
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
