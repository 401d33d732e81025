// biome-ignore-all lint/correctness/noUnusedVariables: loaded by <script src> into the VoiceXML sandbox, not a module
function greet(name) {
  return `你好，${name}`;
}
var libLoaded = true;
