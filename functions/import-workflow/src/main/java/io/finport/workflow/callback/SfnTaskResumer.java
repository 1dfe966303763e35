package io.finport.workflow.callback;

import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@code SendTaskSuccess} with an empty output: the run only wakes up and reads the status from finAPI itself. */
public final class SfnTaskResumer implements TaskResumer {
    private final Supplier<SfnClient> sfn;

    public SfnTaskResumer(Supplier<SfnClient> sfn) {
        this.sfn = sfn;
    }

    @Override
    public boolean resume(String taskToken) {
        try {
            sfn.get().sendTaskSuccess(b -> b.taskToken(taskToken).output("{}"));
            return true;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return false;
        }
    }
}
