// The announcement of a new contact: a short two-tone chime made with WebAudio (no asset).
// Browsers only let a page play sound after a user gesture: the context opens on the first
// click or key press, and a chime before that is simply not heard.

let context: AudioContext | null = null;

export function unlockSound(): void {
  if (context === null && typeof AudioContext !== "undefined") context = new AudioContext();
  void context?.resume();
}

/** Two short tones; a call rings twice as long as a written contact chimes. */
export function chime(call: boolean): void {
  if (context === null || context.state !== "running") return;
  const now = context.currentTime;
  const tones = call ? [880, 660, 880, 660] : [660, 880];
  tones.forEach((freq, i) => {
    if (context === null) return;
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = "sine";
    osc.frequency.value = freq;
    const start = now + i * 0.18;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
    osc.connect(gain).connect(context.destination);
    osc.start(start);
    osc.stop(start + 0.17);
  });
}
