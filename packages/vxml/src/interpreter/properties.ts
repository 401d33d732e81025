import { parseTimeDesignation } from '../parser/build-context.ts';
import type { Properties } from '../parser/vxml-model.ts';

/** Platform defaults (VoiceXML 2.0 §6.3), used when no enclosing element sets the property. */
export const defaultProperties: Properties = {
  timeout: '5s',
  interdigittimeout: '3s',
  termtimeout: '0s',
  termchar: '#',
  bargein: 'true',
  fetchtimeout: '5s',
  inputmodes: 'dtmf',
};

/** Properties looked up innermost first: item, dialog, document, application root, platform. */
export class PropertyChain {
  private readonly layers: readonly Properties[];
  constructor(layers: readonly Properties[]) {
    this.layers = layers;
  }

  with(inner: Properties): PropertyChain {
    return new PropertyChain([inner, ...this.layers]);
  }

  get(name: string): string | undefined {
    for (const l of this.layers) {
      const v = l[name];
      if (v !== undefined) return v;
    }
    return defaultProperties[name];
  }

  timeMs(name: string, fallback: number): number {
    const v = this.get(name);
    return v === undefined ? fallback : (parseTimeDesignation(v) ?? fallback);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    return v === undefined ? fallback : v === 'true';
  }
}
