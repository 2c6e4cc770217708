// SelfScan phone page: the camera. Opens the back camera (getUserMedia), crops the aim box, downscales it to
// ≤ 640 px wide greyscale (Y800) and hands frames to a sender; the browser's BarcodeDetector, when present,
// is only an optional fast path (zbar on the daemon is the reference). Torch where the track supports it.
export const PhoneCamera = (() => {
  const MAX_WIDTH = 640;
  /** The aim box, as fractions of the video (matches .aim in phone.css). */
  const AIM = { x: 0.1, y: 0.3, w: 0.8, h: 0.4 };
  let stream = null;
  let track = null;
  let running = false;
  let torchOn = false;

  async function start(video) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("noCamera");
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    video.srcObject = stream;
    await video.play().catch(() => {});
    track = stream.getVideoTracks()[0] || null;
    return { torch: torchSupported() };
  }

  function torchSupported() {
    const capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
    return Boolean(capabilities && capabilities.torch);
  }

  async function toggleTorch() {
    if (!track) return false;
    torchOn = !torchOn;
    try { await track.applyConstraints({ advanced: [{ torch: torchOn }] }); } catch (error) { torchOn = false; }
    return torchOn;
  }

  function stop() {
    running = false;
    if (stream) for (const t of stream.getTracks()) t.stop();
    stream = null;
    track = null;
  }

  /** One Y800 frame of the aim box: {width, height, bytes: Uint8Array}, or null before the video plays. */
  function grab(video, canvas) {
    const vw = video.videoWidth, vh = video.videoHeight;
    if (!vw || !vh) return null;
    const sx = Math.round(vw * AIM.x), sy = Math.round(vh * AIM.y);
    const sw = Math.round(vw * AIM.w), sh = Math.round(vh * AIM.h);
    const scale = Math.min(1, MAX_WIDTH / sw);
    const width = Math.max(1, Math.round(sw * scale)), height = Math.max(1, Math.round(sh * scale));
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, sx, sy, sw, sh, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const bytes = new Uint8Array(width * height);
    for (let i = 0, j = 0; j < bytes.length; i += 4, j += 1) {
      bytes[j] = (77 * rgba[i] + 150 * rgba[i + 1] + 29 * rgba[i + 2]) >> 8;
    }
    return { width, height, bytes };
  }

  const AIM_IDS = { ean_13: "]E0", ean_8: "]E4", code_128: "]C0", qr_code: "]Q1" };
  let detector = null;
  /** The optional fast path: a BarcodeDetector for the retail formats this browser supports. */
  async function makeDetector() {
    if (new URLSearchParams(location.search).get("detector") === "off") return null;
    if (!("BarcodeDetector" in window)) return null;
    try {
      const supported = await window.BarcodeDetector.getSupportedFormats();
      const formats = Object.keys(AIM_IDS).filter((f) => supported.includes(f));
      return formats.length ? new window.BarcodeDetector({ formats }) : null;
    } catch (error) { return null; }
  }

  async function detect(canvas) {
    if (!detector) return null;
    try {
      const found = await detector.detect(canvas);
      if (!found.length) return null;
      return { payload: found[0].rawValue, symbology: AIM_IDS[found[0].format] };
    } catch (error) { return null; }
  }

  /**
   * Runs the frame loop: at most `fps` frames/s and one frame in flight. `onFrame(frame)` posts a frame to the
   * daemon; `onDetected(code)` gets a BarcodeDetector read. Each returns a promise; the loop waits for it.
   */
  async function loop(video, { fps = 8, onFrame, onDetected }) {
    running = true;
    detector = await makeDetector();
    const canvas = document.createElement("canvas");
    const period = 1000 / fps;
    while (running) {
      const started = performance.now();
      const frame = grab(video, canvas);
      if (frame) {
        const quick = await detect(canvas);
        try {
          if (quick && quick.symbology) await onDetected(quick);
          else await onFrame(frame);
        } catch (error) { /* the sender reports its own errors */ }
      }
      const wait = Math.max(0, period - (performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  return { start, stop, loop, toggleTorch, grab, get running() { return running; } };
})();
