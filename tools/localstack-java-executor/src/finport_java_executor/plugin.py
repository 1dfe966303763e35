"""The LocalStack plugin: selected with LAMBDA_RUNTIME_EXECUTOR=finport-java."""

from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin


class JavaProcessExecutorPlugin(RuntimeExecutorPlugin):
    name = "finport-java"

    def load(self, *args, **kwargs):
        from .executor import JavaProcessExecutor

        return JavaProcessExecutor
