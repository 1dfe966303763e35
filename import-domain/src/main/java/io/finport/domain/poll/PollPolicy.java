package io.finport.domain.poll;

/** Chooses the next wait of the poll loop. Implementations are stateless: all they know comes in the {@link PollState}. */
public interface PollPolicy {

    PollDecision next(PollState state);
}
