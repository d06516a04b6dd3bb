"""One evaluation, decided here: what is read, what is written, what is gated, what is refused.

``plan_eval(EvalOptions)`` loads and checks everything before any document is sent (the gold
file, the matcher, the suite and baseline, the run folder, the baseline targets) and returns an
``EvalPlan``; ``run_plan(plan, summarizer)`` scores the run and returns an ``EvalOutcome``: the
run, the gate's result, what a baseline refresh changed, which baseline file was written or
why it was refused, and the exit code a command line should end with. ``evaluate`` does both.
The CLI only turns options into ``EvalOptions`` and prints the outcome.

Refused, before anything runs (``EvalConfigError``, a ``ConfigurationError``):

- a ``--templates`` folder that is not a folder (for a run with a model);
- ``--update-baseline`` together with ``--baseline`` or ``--write-baseline``;
- a baseline target that is one of the run's own inputs: the gold file, a document it names,
  the predictions, the suite, a template, or the baseline gated on (same resolved path, or the
  same device and inode: symlinks and hard links), a folder or another non-regular file, or a
  file inside ``--out`` (the next run would delete it).

Refused after the run (the run folder is written, the baseline file left as it was; exit 1)
unless ``allow_shrink``: writing a baseline from a run where every document failed, and
refreshing a baseline from a run with fewer documents than it, or with documents that failed
now and not in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .._errors import ConfigurationError
from .._protocols import SummarizerLike
from ._baseline_file import Baseline, read_baseline, write_baseline
from ._equivalence import DEFAULT_CLAIM_MATCHER
from ._files import is_within, same_file
from ._gate import CONFIG_KEYS, GateResult, compare
from ._gold import GoldFile, load_gold
from ._junit import write_gate_outputs
from ._matching import Matcher, get_matcher
from ._predictions import Declared, score_predictions
from ._repeat import compare_with_noise
from ._run import EvalRun
from ._run_folder import check_out_dir, gold_inputs
from ._runner import run_repeated
from ._suite import Suite, load_suite

__all__ = [
    "EvalConfigError",
    "EvalOptions",
    "EvalOutcome",
    "EvalPlan",
    "default_suite",
    "evaluate",
    "plan_eval",
    "run_plan",
    "shrink_refusal",
]


class EvalConfigError(ConfigurationError):
    """The options of an evaluation contradict each other or would overwrite an input."""


@dataclass(frozen=True)
class EvalOptions:
    """What one evaluation is asked to do (``summarizer eval``'s options)."""

    gold: Path
    out: Path = Path("runs/latest")
    predictions: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    update_baseline: Path | None = None
    suite: Path | None = None
    allow_differences: tuple[str, ...] = ()
    allow_shrink: bool = False
    matcher: str = DEFAULT_CLAIM_MATCHER
    threshold: float | None = None
    concurrency: int = 2
    declared: Declared = field(default_factory=dict)
    templates: Path | None = None
    reports: bool = True
    repeat: int = 1
    allow_drafts: bool = False
    junit_xml: Path | None = None


@dataclass(frozen=True)
class EvalPlan:
    """Everything checked and loaded; nothing sent yet."""

    options: EvalOptions
    gold: GoldFile
    matcher: Matcher
    suite: Suite | None
    baseline: Baseline | None
    refreshing: bool
    inputs: tuple[Path, ...]


@dataclass
class EvalOutcome:
    """What one evaluation did."""

    run: EvalRun
    gate: GateResult | None = None
    changes: GateResult | None = None
    baseline_written: Path | None = None
    baseline_replaced: bool = False
    baseline_refused: str | None = None

    @property
    def all_failed(self) -> bool:
        return bool(self.run.documents) and self.run.n_failed == len(self.run.documents)

    @property
    def exit_code(self) -> int:
        """2: not comparable with the baseline; 1: the gate failed, a baseline was refused or
        every document failed; else 0."""
        if self.gate is not None and self.gate.incomparable:
            return 2
        failed = self.gate is not None and not self.gate.passed
        return 1 if failed or self.baseline_refused or self.all_failed else 0


def default_suite(gold_path: Path) -> Path | None:
    """``suite.toml`` in the folder above the gold file's folder, if there is one."""
    candidate = gold_path.resolve().parent.parent / "suite.toml"
    return candidate if candidate.is_file() else None


def _template_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_file()]


def _check_target(target: Path, inputs: list[Path], out: Path, flag: str) -> None:
    for path in inputs:
        if same_file(target, path):
            raise EvalConfigError(
                f"{flag} {target} is {path}, which this run reads: refusing to overwrite it"
            )
    if target.exists() and not target.is_file():
        raise EvalConfigError(f"{flag} {target} exists and is not a regular file")
    if is_within(target, out):
        raise EvalConfigError(
            f"{flag} {target} is inside --out {out}, which the next run replaces: choose a path "
            "outside the run folder"
        )


def plan_eval(options: EvalOptions) -> EvalPlan:
    """Check and load everything ``options`` name, before any document is sent."""
    unknown = sorted(set(options.allow_differences) - set(CONFIG_KEYS))
    if unknown:
        raise EvalConfigError(
            f"unknown --allow-difference {', '.join(unknown)}: choose from {', '.join(CONFIG_KEYS)}"
        )
    update = options.update_baseline
    if update is not None and (options.baseline is not None or options.write_baseline is not None):
        raise EvalConfigError(
            "--update-baseline replaces --baseline and --write-baseline: give it alone"
        )
    templates = options.templates
    if options.predictions is None and templates is not None and not templates.is_dir():
        raise EvalConfigError(f"--templates {templates} is not a folder")
    if options.repeat < 1:
        raise EvalConfigError(f"--repeat must be at least 1, not {options.repeat}")
    if options.repeat > 1 and options.predictions is not None:
        raise EvalConfigError("--repeat asks the model again: it cannot repeat --predictions")
    refreshing = update is not None and update.exists()
    gated_on = update if refreshing else options.baseline
    gold = load_gold(options.gold)
    drafts = gold.drafts()
    if drafts and not options.allow_drafts:
        named = ", ".join(drafts[:3]) + (", ..." if len(drafts) > 3 else "")
        raise EvalConfigError(
            f"{options.gold} has {len(drafts)} document(s) marked draft ({named}): finish "
            "labelling them, or pass --allow-drafts"
        )
    matcher = get_matcher(options.matcher)
    suite_path = options.suite if options.suite is not None else default_suite(options.gold)
    if gated_on is not None and suite_path is None:
        raise EvalConfigError(
            f"--baseline needs a suite file: pass --suite (none found for {options.gold})"
        )
    inputs = gold_inputs(gold) + _template_files(options.templates)
    inputs += [p for p in (options.predictions, options.suite) if p is not None]
    if gated_on is not None and suite_path is not None and options.suite is None:
        inputs.append(suite_path)
    out = Path(options.out)
    if options.write_baseline is not None:
        if options.baseline is not None:
            inputs.append(options.baseline)
        _check_target(options.write_baseline, inputs, out, "--write-baseline")
    if update is not None:
        _check_target(update, inputs, out, "--update-baseline")
    if options.junit_xml is not None:
        _check_target(options.junit_xml, inputs, out, "--junit-xml")
    targets = [t for t in (options.write_baseline, update, options.baseline) if t is not None]
    check_out_dir(out, [*inputs, *targets])
    suite = load_suite(suite_path) if gated_on is not None and suite_path is not None else None
    baseline = read_baseline(gated_on) if gated_on is not None else None
    return EvalPlan(options, gold, matcher, suite, baseline, refreshing, tuple(inputs))


def shrink_refusal(run: EvalRun, replaced: Baseline | None) -> str | None:
    """Why ``run`` should not become a baseline (replacing ``replaced``), or None."""
    if run.documents and run.n_failed == len(run.documents):
        return f"every document failed ({run.n_failed} of {len(run.documents)})"
    if replaced is None:
        return None
    before = len(replaced.summary.documents)
    if len(run.documents) < before:
        return f"the run has {len(run.documents)} documents, the baseline {before}"
    newly = [
        d.gold.id for d in run.documents if d.result is None and d.gold.id not in replaced.failed
    ]
    if newly:
        shown = ", ".join(newly[:5]) + (f" and {len(newly) - 5} more" if len(newly) > 5 else "")
        return f"{len(newly)} document(s) failed that did not in the baseline: {shown}"
    return None


def run_plan(plan: EvalPlan, summarizer: SummarizerLike | None = None) -> EvalOutcome:
    """Score the run (``summarizer`` is required unless the plan scores predictions), gate
    it, and write the baseline it asks for (unless refused)."""
    options = plan.options
    if options.predictions is not None:
        run = score_predictions(
            plan.gold, options.predictions, options.out, matcher=plan.matcher,
            threshold=options.threshold, declared=options.declared, reports=options.reports,
            inputs=plan.inputs,
        )  # fmt: skip
    elif summarizer is None:
        raise EvalConfigError("an evaluation without --predictions needs a summarizer")
    else:
        run = run_repeated(
            plan.gold, summarizer, options.out, options.repeat, concurrency=options.concurrency,
            matcher=plan.matcher, threshold=options.threshold, reports=options.reports,
        )  # fmt: skip
    outcome = EvalOutcome(run=run)
    if plan.baseline is not None and plan.suite is not None:
        if plan.refreshing:
            outcome.changes = compare(run, plan.baseline, plan.suite, allow=CONFIG_KEYS)
        else:
            allow = options.allow_differences
            outcome.gate = compare_with_noise(run, plan.baseline, plan.suite, allow=allow)
    if options.reports:  # report.md with the verdict, the JUnit file, the CI job summary
        write_gate_outputs(run, outcome.gate, junit=options.junit_xml)
    target = options.update_baseline or options.write_baseline
    if target is not None:
        replaced = plan.baseline if plan.refreshing else None
        refusal = None if options.allow_shrink else shrink_refusal(run, replaced)
        if refusal is not None:
            outcome.baseline_refused = refusal
        else:
            write_baseline(run, target)
            outcome.baseline_written = target
            outcome.baseline_replaced = plan.refreshing
    return outcome


def evaluate(options: EvalOptions, summarizer: SummarizerLike | None = None) -> EvalOutcome:
    """``plan_eval`` then ``run_plan``."""
    return run_plan(plan_eval(options), summarizer)
