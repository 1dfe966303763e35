package io.finport.domain.poll;

/**
 * What the state machine's "Is finAPI done?" Choice routes on after each step (the constant names are the spelling in
 * the execution data and in statemachine/import-workflow.asl.json).
 */
public enum PollLoopState {
    /** finAPI (or the end user) is not done: wait and check again. */
    WAITING,
    /**
     * A web form or background update task is not final and finAPI will call back: wait for the callback, at most
     * the step's wait (the fallback), then check again.
     */
    AWAITING_CALLBACK,
    /** The download is done, categorization is not: wait and check again. */
    CATEGORIZING,
    /** Nothing runs any more: fetch the accounts and record the outcome. */
    READY,
    /** The outcome was decided before any download (or recorded already): record it. */
    STOPPED,
    /** The deadline passed: record TIMED_OUT. */
    TIMED_OUT
}
