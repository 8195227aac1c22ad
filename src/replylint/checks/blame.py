"""blame-colleague: a colleague named as the one at fault, or the fault pushed away from us.

The rule's vocabulary lives in shared word lists among the built-in rules (``rules/lists/``), so a
team lead edits words, not code; this check only combines them, because the combination needs two
things YAML patterns cannot express: the context's teacher names, and "this person did that".

A finding is one of:

- a *target* in the nominative followed closely by a *fault* in the same clause: "преподаватель
  проспал", "бухгалтерия неправильно провела платёж", "Мария Петровна забыла". Targets are the
  ``colleague`` list, every name of the context's ``teacher:``, and any first name with a
  patronymic ("Анна Викторовна") that is not the client's or the student's; faults are the
  ``fault`` list.
  "Он", "она", "они" after a colleague (in that or the next sentence) stand for that colleague.
  At most ``max_gap`` words may stand between target and fault, and no clause break (":", "—", ";", "но",
  "потому что", "мы"…): in "преподаватель не виноват: это мы забыли" the fault belongs to "мы";
- a target after «у», the place where the fault happened, followed by a fault in the same clause
  with no comma between: "у методистов что-то сбилось" (not after a verb: "спрошу у преподавателя,
  почему урок сбился" asks, it does not blame);
- a fault just before a target that is its subject: "ошибку допустил наш сотрудник", "проспал
  преподаватель" (only modifiers between, no "мы"/"я" before the fault);
- a *cause* word just before a target: "по вине преподавателя", "ошибка бухгалтерии",
  "из-за нашего куратора" (the ``blame-cause`` list; only modifiers between, so "из-за болезни
  преподавателя" names no culprit); a cause that is a verb needs the target as its subject:
  "подвёл преподаватель", but not "перепутали преподавателя";
- a *deflection*: "это не наша вина", "мы тут ни при чём", "вопросы не по адресу" (``deflection``).

Negation clears: fault and cause words under «не»/«ни» ("не виноват", "не по вине") do not count.
When the draft owns the mistake next to it ("…это наша ошибка", "мы виноваты"), or the same sentence
gives a reason that is nobody's fault ("…потому что была на больничном", the ``excuse`` list), a
target + fault finding drops to ``info``: the colleague is still named, but no one is blamed.

Options: ``max_gap`` (words between target and fault, default 6), and the list names ``targets``,
``faults``, ``causes``, ``deflections``, ``ownership``, ``excuses`` (default: colleague, fault, blame-cause,
deflection, ownership, excuse).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .. import morph
from ..analyse import Analysis, Token
from ..morph import fold
from ..patterns import Match, _load_word_list, viable
from ..rule import Draft, Finding

# Words and marks that end the clause a target is the subject of.
_BARRIER_FORMS = frozenset(
    "мы я вы ты это что потому поэтому так но а однако зато если когда который которая которые "
    "чтобы ведь хотя".split()
)
_BARRIER_PUNCT = frozenset({":", ";", "—", "–", "(", ")"})
_DEFAULT_LISTS = {
    "targets": "colleague",
    "faults": "fault",
    "causes": "blame-cause",
    "deflections": "deflection",
    "ownership": "ownership",
    "excuses": "excuse",
}


@lru_cache(maxsize=None)
def _list_file(name: str) -> str:
    from ..loader import builtin_rules_dir

    return str(builtin_rules_dir() / "lists" / f"{name}.yaml")


def _patterns(name: str):
    return _load_word_list(_list_file(name))


def word_lists() -> list[list]:
    """The patterns of the built-in word lists this check reads (for warming a service up)."""
    return [_patterns(name) for name in _DEFAULT_LISTS.values()]


def _nominative(token: Token) -> bool:
    return not token.parses or any("nomn" in p.grammemes for p in token.parses)


def _name_lemmas(names: tuple[str, ...]) -> list[frozenset[str]]:
    """Each teacher name as the lemma sets of its words: "Мария Петровна" -> [{мария}, {петровна}]."""
    out = []
    for name in names:
        for word in name.replace(".", " ").split():
            if len(word) > 1 and word[0].isalpha():
                out.append(morph.lemmas(word) | {fold(word)})
    return out


def _name_targets(a: Analysis, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Runs of tokens that spell a teacher's name: (first token, last token)."""
    lemma_sets = _name_lemmas(names)
    if not lemma_sets:
        return []
    runs: list[tuple[int, int]] = []
    for t in a.tokens:
        if not t.is_word or "Title" not in t.flags and "UPPER" not in t.flags:
            continue
        if any(t.lemmas & s or t.form in s for s in lemma_sets):
            if runs and runs[-1][1] == t.index - 1 and a.tokens[runs[-1][1]].sentence == t.sentence:
                runs[-1] = (runs[-1][0], t.index)
            else:
                runs.append((t.index, t.index))
    return runs


def _patronymic_targets(a: Analysis, own: tuple[str, ...]) -> list[tuple[int, int]]:
    """A first name and a patronymic, "Анна Викторовна": how a reply names a colleague in the third
    person (the client is "вы"), with or without the context's teacher. Not the client's or the
    student's own name."""
    own_lemmas = _name_lemmas(own)
    runs = []
    tokens = a.tokens
    for t in a.with_grammeme("Patr"):
        name = tokens[t - 1] if t > 0 else None
        if (
            name is not None
            and name.sentence == tokens[t].sentence
            and "Title" in name.flags
            and "Title" in tokens[t].flags
            and any("Name" in p.grammemes for p in name.parses)
            and not any(name.lemmas & s or name.form in s for s in own_lemmas)
        ):
            runs.append((t - 1, t))
    return runs


def _clause_between(a: Analysis, first: int, stop: int, max_gap: int) -> bool:
    """Whether tokens [first, stop) stay in one clause and hold at most max_gap words."""
    words = 0
    for t in a.tokens[first:stop]:
        if t.text in _BARRIER_PUNCT or t.form in _BARRIER_FORMS:
            return False
        if t.is_word:
            words += 1
    return words <= max_gap


_MODIFIERS = frozenset({"ADJF", "Apro", "PRTF", "NUMR", "Anum"})


def _only_modifiers(a: Analysis, first: int, stop: int, most: int = 2) -> bool:
    """Whether tokens [first, stop) are at most ``most`` words that only describe the next one:
    "по вине [нашего нового] менеджера" is blame, "из-за [болезни] преподавателя" is not."""
    words = [t for t in a.tokens[first:stop] if t.is_word]
    if len(words) > most or any(t.text in _BARRIER_PUNCT for t in a.tokens[first:stop]):
        return False
    return all(any(p.grammemes & _MODIFIERS for p in t.parses) for t in words)


_VERBS = frozenset({"VERB", "INFN", "GRND"})


def _after_u(a: Analysis, first: int) -> bool:
    """Whether the colleague is where the fault happened, "у методистов что-то сбилось": «у» just
    before them (modifiers between allowed) makes them the culprit as much as a subject would; but
    not after a verb, "спрошу у преподавателя, почему…", where they are asked, not blamed."""
    sentence = a.tokens[first].sentence
    start = a.sentences[sentence].first
    i = first - 1
    skipped = 0
    while i >= start:
        t = a.tokens[i]
        if t.is_word:
            if t.form == "у":
                before = next((w for w in reversed(a.tokens[start:i]) if w.is_word or w.text == ","), None)
                return before is None or not before.is_word or not any(p.grammemes & _VERBS for p in before.parses)
            if skipped >= 2 or not any(p.grammemes & _MODIFIERS for p in t.parses):
                return False
            skipped += 1
        i -= 1
    return False


_PRONOUNS = frozenset({"он", "она", "они"})
_SUBJECTS = frozenset({"мы", "я", "вы", "ты", "он", "она", "они"})


def _subject_before(a: Analysis, index: int, reach: int = 3) -> bool:
    """Whether a personal pronoun just before a fault is its subject: in "мы не предупредили учителя"
    the teacher is the object, not the one at fault."""
    sentence = a.tokens[index].sentence
    first = a.sentences[sentence].first
    words = [t for t in a.tokens[max(first, index - 4 * reach) : index] if t.is_word][-reach:]
    return any(t.form in _SUBJECTS for t in words)


def _pronoun_targets(a: Analysis, targets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pronouns that stand for a colleague named just before (same or previous sentence):
    «Куратор вчера болела, а сегодня она забыла про урок»."""
    # per sentence, the earliest last token of a colleague named in it: one look-up per pronoun
    earliest: dict[int, int] = {}
    for _, last in targets:
        sentence = a.tokens[last].sentence
        earliest[sentence] = min(last, earliest.get(sentence, last))
    out = []
    for t in a.tokens:
        if t.form in _PRONOUNS and (t.sentence - 1 in earliest or earliest.get(t.sentence, t.index) < t.index):
            out.append((t.index, t.index))
    return out


def blame_colleague(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    a = draft.analysis
    lists = {k: options.get(k, v) for k, v in _DEFAULT_LISTS.items()}
    max_gap = int(options.get("max_gap", 6))
    findings: list[Finding] = []

    targets: list[tuple[int, int]] = []  # (first token, last token)
    for p in viable(_patterns(lists["targets"]), a):
        targets.extend((m.first_token, m.last_token) for m in p.find(a))
    targets.extend(_name_targets(a, draft.context.teacher))
    targets.extend(_patronymic_targets(a, (*draft.context.client, *draft.context.student)))
    targets.extend(_pronoun_targets(a, targets))
    if targets:
        faults: list[Match] = [m for p in viable(_patterns(lists["faults"]), a) for m in p.find(a)]
        causes: list[Match] = [m for p in viable(_patterns(lists["causes"]), a) for m in p.find(a)]
        owned = {m.sentence for p in viable(_patterns(lists["ownership"]), a) for m in p.find(a)}
        excused = {m.sentence for p in viable(_patterns(lists["excuses"]), a) for m in p.find(a)}
        # by sentence, so each colleague is compared with its own sentence's matches only
        faults_in: dict[int, list[Match]] = {}
        for f in faults:
            faults_in.setdefault(f.sentence, []).append(f)
        causes_in: dict[int, list[Match]] = {}
        for c in sorted(causes, key=lambda m: m.first_token):  # the widest cause first: "по вине", not "вине"
            causes_in.setdefault(c.sentence, []).append(c)
        done: set[tuple[int, int]] = set()
        for first, last in sorted(set(targets)):
            head = a.tokens[last]
            s = head.sentence
            located = not _nominative(head) and _after_u(a, first)  # "у методистов что-то сбилось"
            if _nominative(head) or located:
                for f in faults_in.get(s, ()):
                    if (
                        f.first_token > last
                        and _clause_between(a, last + 1, f.first_token, max_gap)
                        and not (located and any(t.text == "," for t in a.tokens[last + 1 : f.first_token]))
                    ):
                        if (first, f.last_token) not in done:
                            done.add((first, f.last_token))
                            near_owned = owned & {s - 1, s, s + 1} or s in excused
                            findings.append(Finding(a.tokens[first].start, f.end, severity="info" if near_owned else None))
                        break
                # the other word order: "ошибку допустил наш сотрудник", "проспал преподаватель"
                for f in faults_in.get(s, ()):
                    if (
                        f.last_token < first
                        and _only_modifiers(a, f.last_token + 1, first)
                        and not _subject_before(a, f.first_token)
                        and (f.first_token, last) not in done
                    ):
                        done.add((f.first_token, last))
                        near_owned = owned & {s - 1, s, s + 1} or s in excused
                        findings.append(Finding(f.start, head.end, severity="info" if near_owned else None))
                        break
            for c in causes_in.get(s, ()):
                # a verb names its subject, not its object: "перепутал преподаватель", not
                # "перепутали преподавателя"
                if not _nominative(head) and any(p.grammemes & _VERBS for p in a.tokens[c.last_token].parses):
                    continue
                if c.last_token < first and _only_modifiers(a, c.last_token + 1, first):
                    if (c.first_token, last) not in done:
                        done.add((c.first_token, last))
                        findings.append(Finding(c.start, a.tokens[last].end))
                    break
    for p in viable(_patterns(lists["deflections"]), a):
        findings.extend(Finding(m.start, m.end) for m in p.find(a))
    return findings
