import { compileKeys } from '../grammar/dtmf-grammar.ts';
import type { MenuNode } from '../parser/vxml-model.ts';
import type { EventCounts } from './catch-select.ts';
import { handleEvent } from './catch-select.ts';
import { transitionTo } from './executor.ts';
import { dialogFrame } from './form-runner.ts';
import type { EnumerateEntry } from './prompt-render.ts';
import { inputTimeout, must, normalizeSpeech, queuePrompts, renderContent, selectPrompts, takeQueue } from './prompt-render.ts';
import type { DocState, Run } from './run-context.ts';
import { disconnectedEnd, ensureConnected, SessionEnd, VxmlEvent } from './signals.ts';

/** The key of each choice: its dtmf attribute, or 1–9 in order when the menu has dtmf="true". */
export function choiceKeys(menu: MenuNode): string[] {
  return menu.choices.map((c, i) => c.dtmf ?? (menu.dtmf ? String(i + 1) : ''));
}

/**
 * <menu> (VoiceXML 2.0 §2.2): a one-field form whose grammar is the choices' keys and whose filled
 * action is the chosen transition. Event counting and prompt counting follow the FIA.
 */
export async function runMenu(run: Run, state: DocState, menu: MenuNode): Promise<void> {
  run.sandbox.unwindTo('document');
  run.sandbox.pushScope('dialog');
  run.trace.add('dialog', { uri: state.uri, dialog: menu.id });
  const frame = dialogFrame(state, menu.properties, menu.catches);
  frame.dialog = menu;
  const keys = choiceKeys(menu);
  const grammar = compileKeys(new Map(keys.map((k, i) => [k, i])));
  const entries: EnumerateEntry[] = [];
  for (const [i, c] of menu.choices.entries()) {
    const text = normalizeSpeech(
      (await renderContent(run, frame, c.content)).map((s) => (s.kind === 'tts' ? s.text : '')).join(''),
    );
    entries.push({ dtmf: keys[i] ?? '', text });
  }
  const counts: EventCounts = new Map();
  let promptCount = 0;
  let suppress = false;
  for (;;) {
    if (++run.steps > run.limits.maxSteps) throw new SessionEnd('step limit');
    try {
      if (!suppress) await queuePrompts(run, frame, selectPrompts(run, menu.prompts, ++promptCount), { enumerate: entries });
      suppress = false;
      ensureConnected(run);
      const prompts = takeQueue(run);
      const res = await run.channel.collect({
        ...(prompts ? { prompts } : {}),
        timeoutMs: inputTimeout(run, frame),
        interDigitTimeoutMs: frame.props.timeMs('interdigittimeout', 3000),
        termTimeoutMs: frame.props.timeMs('termtimeout', 0),
        termChar: frame.props.get('termchar') ?? '#',
        grammar,
      });
      if (res.kind === 'hangup') {
        run.trace.add('hangup', { by: 'caller' });
        run.hungUp = true;
        throw new VxmlEvent('connection.disconnect.hangup', 'caller hung up');
      }
      if (res.kind !== 'match') {
        run.trace.add('input', res.kind === 'nomatch' ? { result: 'nomatch', digits: res.digits } : { result: 'noinput' });
        throw new VxmlEvent(res.kind);
      }
      const choice = menu.choices[Number(res.match.interpretation)];
      run.trace.add('input', { result: 'match', digits: res.digits, value: res.digits });
      const shadow = { utterance: res.digits, inputmode: 'dtmf', confidence: 1, interpretation: res.digits };
      must(run.sandbox.declareValue('application', 'lastresult$', [shadow]));
      if (!choice) throw new VxmlEvent('error.semantic', 'menu choice vanished');
      if (choice.event !== undefined) throw new VxmlEvent(choice.event);
      await transitionTo(run, frame, choice.next ?? must(run.sandbox.evalString(choice.expr ?? "''")));
    } catch (e) {
      if (!(e instanceof VxmlEvent)) throw e;
      if (run.hungUp && e.event === 'connection.disconnect.hangup' && counts.get(e.event)) throw disconnectedEnd(run.transferred);
      const st = await handleEvent(run, frame, e, counts);
      if (run.hungUp) throw disconnectedEnd(run.transferred);
      suppress = !st.reprompt;
    }
  }
}
