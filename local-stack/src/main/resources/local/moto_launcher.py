"""Starts moto in server mode for the local stack.

moto cannot run Java Lambdas without Docker, so Lambda Invoke is forwarded over HTTP to the
in-JVM Lambda endpoint (LAMBDA_FORWARD_URL/<function name>), which runs the real handlers.
Step Functions execution is switched on so moto interprets the real statemachine/*.asl.json.
The process exits when its stdin closes, so a crashed parent JVM never leaves it behind.
"""
import os
import sys
import threading
import urllib.error
import urllib.request

from moto.core.config import default_user_config

default_user_config["stepfunctions"]["execute_state_machine"] = True
default_user_config["lambda"]["use_docker"] = False

from moto.awslambda_simple.models import LambdaSimpleBackend  # noqa: E402
from moto import server  # noqa: E402

FORWARD_URL = os.environ["LAMBDA_FORWARD_URL"].rstrip("/")


def _forwarding_invoke(self, function_name, qualifier, body, headers, response_headers):
    name = function_name.split(":function:")[-1].split(":")[0]
    request = urllib.request.Request(
        f"{FORWARD_URL}/{name}",
        data=body if isinstance(body, bytes) else (body or "").encode(),
        headers={"Content-Type": "application/json", "X-Qualifier": qualifier or ""},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            if response.headers.get("X-Function-Error"):
                response_headers["x-amz-function-error"] = response.headers["X-Function-Error"]
            return response.read()
    except urllib.error.HTTPError as error:  # unknown function: surface it the way Lambda does
        response_headers["x-amz-function-error"] = "Unhandled"
        return error.read() or b'{"errorType":"Lambda.ServiceException","errorMessage":"forward failed"}'
    except urllib.error.URLError:  # endpoint down: a Lambda service error, which the ASL retries
        response_headers["x-amz-function-error"] = "Unhandled"
        return b'{"errorType":"Lambda.ServiceException","errorMessage":"Lambda endpoint unreachable"}'


LambdaSimpleBackend.invoke = _forwarding_invoke


# states:startExecution(.sync/.sync:2) inside moto's Step Functions interpreter (5.2.5) calls boto with the ASL's
# PascalCase parameter names (StateMachineArn), which botocore rejects ('StateMachineArn' KeyError), and hands back
# boto's camelCase answer with datetime values. The refresh workflow runs the import workflow as a child execution
# through this integration, so it is fixed here: parameters go to boto in its names, and the task's result has the
# shape the integration has on AWS (PascalCase keys, epoch-millisecond dates).
def _patch_sfn_start_execution():
    import datetime

    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_sfn as sfn_task,
    )

    service = sfn_task.StateTaskServiceSfn
    original_eval = service._eval_service_task
    original_normalise = service._normalise_response

    def epoch_millis(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                value[key] = epoch_millis(inner)
        elif isinstance(value, datetime.datetime):
            return int(value.timestamp() * 1000)
        return value

    def as_integration_result(response):
        items = list(response.items())
        response.clear()
        response.update({key[:1].upper() + key[1:]: epoch_millis(value) for key, value in items})

    def eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        parameters = {key[:1].lower() + key[1:]: value for key, value in normalised_parameters.items()}
        original_eval(self, env, resource_runtime_part, parameters, state_credentials)
        as_integration_result(env.stack[-1])

    def normalise_response(self, response, *args, **kwargs):
        original_normalise(self, response, *args, **kwargs)
        as_integration_result(response)

    service._eval_service_task = eval_service_task
    service._normalise_response = normalise_response


_patch_sfn_start_execution()


def _exit_when_parent_goes():
    try:
        while sys.stdin.read(1):
            pass
    finally:
        os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=_exit_when_parent_goes, daemon=True).start()
    server.main(sys.argv[1:])
