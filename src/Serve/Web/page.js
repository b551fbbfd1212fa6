// The page: choose a model, give an image (file, drop, camera), show top-k bars, version and latency.
// "In the browser" runs the same ONNX file with onnxruntime-web, pre-processed as the server does.
'use strict';
const $ = id => document.getElementById(id);
const models = {};
const browserSessions = {};

async function loadModels() {
  const answer = await (await fetch('/v1/models')).json();
  for (const m of answer.models) {
    models[m.name] = m;
    const option = document.createElement('option');
    option.value = m.name;
    // What is served, as the server says: registry version, precision, and the file's digest (first 12 digits).
    option.textContent = m.name + (m.version ? ' (version ' + m.version + ', ' + m.precision + ', sha256 '
      + m.sha256.slice(0, 12) + ')' : '');
    $('model').appendChild(option);
  }
  syncInBrowser();
}

function busy(on) {
  $('spinner').hidden = !on;
  if (on) { $('error').hidden = true; $('bars').innerHTML = ''; $('meta').textContent = ''; }
}

function show(top, version, latencyMs, where) {
  const bars = $('bars');
  bars.innerHTML = '';
  for (const t of top) {
    const li = document.createElement('li');
    li.innerHTML = '<span class="label"></span><span class="bar"></span><span class="p"></span>';
    li.querySelector('.label').textContent = t.label;
    li.querySelector('.bar').style.width = (t.probability * 100).toFixed(1) + '%';
    li.querySelector('.p').textContent = (t.probability * 100).toFixed(1) + '%';
    bars.appendChild(li);
  }
  $('meta').textContent = 'version ' + version + ' · ' + latencyMs.toFixed(1) + ' ms · ' + where;
}

function fail(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

async function predictOnServer(name, blob) {
  const form = new FormData();
  form.append('file', blob, blob.name || 'image.png');
  const started = performance.now();
  const response = await fetch('/v1/models/' + encodeURIComponent(name) + '/predict?top_k=5', { method: 'POST', body: form });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  show(body.predictions[0].top, body.version, performance.now() - started, 'on the server');
}

async function browserSession(name) {
  const model = models[name];
  const key = name + '@' + model.version;
  if (!browserSessions[key]) {
    ort.env.wasm.wasmPaths = '/ort/';
    ort.env.wasm.numThreads = 1;
    const bytes = await (await fetch('/v1/models/' + encodeURIComponent(name) + '/onnx')).arrayBuffer();
    browserSessions[key] = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  }
  return browserSessions[key];
}

// Resize straight to the input size and normalise per channel: the server's pre-processing without a centre crop.
async function tensorFor(model, blob) {
  const bitmap = await createImageBitmap(blob);
  const size = model.input.size, channels = model.input.channels;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0, size, size);
  const rgba = context.getImageData(0, 0, size, size).data;
  const data = new Float32Array(channels * size * size);
  for (let i = 0; i < size * size; i++) {
    const r = rgba[i * 4], g = rgba[i * 4 + 1], b = rgba[i * 4 + 2];
    const values = channels === 1 ? [(r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16] : [r, g, b];
    for (let c = 0; c < channels; c++) data[c * size * size + i] = (values[c] / 255 - model.input.mean[c]) / model.input.std[c];
  }
  return new ort.Tensor('float32', data, [1, channels, size, size]);
}

async function predictInBrowser(name, blob) {
  const model = models[name];
  if (!model.input) throw new Error('model ' + name + ' is not loaded on the server yet; try it there first');
  const session = await browserSession(name);
  const started = performance.now();
  const feeds = {};
  feeds[model.input.name] = await tensorFor(model, blob);
  const output = (await session.run(feeds))[session.outputNames[0]].data;
  const max = Math.max(...output);
  const exps = Array.from(output, v => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const top = exps.map((e, i) => ({ label: model.labels[i], probability: e / sum }))
    .sort((a, b) => b.probability - a.probability).slice(0, 5);
  show(top, model.version, performance.now() - started, 'in the browser');
}

async function predict(blob) {
  const name = $('model').value;
  $('preview').src = URL.createObjectURL(blob);
  $('preview').hidden = false;
  busy(true);
  try {
    if (!models[name].input) models[name] = await (await fetch('/v1/models/' + encodeURIComponent(name))).json();
    if ($('in-browser').checked) await predictInBrowser(name, blob); else await predictOnServer(name, blob);
    models[name] = await (await fetch('/v1/models/' + encodeURIComponent(name))).json();
  } catch (error) {
    fail(error.message);
  } finally {
    busy(false);
  }
}

// A model whose file the server does not hand out (--no-download) runs on the server only.
function syncInBrowser() {
  const model = models[$('model').value];
  $('in-browser').disabled = !!model && !model.downloadable;
  if ($('in-browser').disabled) $('in-browser').checked = false;
}
$('model').addEventListener('change', syncInBrowser);
$('file').addEventListener('change', event => { if (event.target.files[0]) predict(event.target.files[0]); });
const drop = $('drop');
drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', event => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer.files[0]) predict(event.dataTransfer.files[0]);
});
$('camera-start').addEventListener('click', async () => {
  try {
    $('camera').srcObject = await navigator.mediaDevices.getUserMedia({ video: true });
    $('camera').hidden = $('camera-shot').hidden = false;
  } catch (error) {
    fail('camera unavailable: ' + error.message);
  }
});
$('camera-shot').addEventListener('click', () => {
  const video = $('camera');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  canvas.toBlob(blob => predict(blob), 'image/png');
});
loadModels().catch(error => fail('cannot list models: ' + error.message));
