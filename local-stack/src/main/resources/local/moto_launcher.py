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


# moto's Step Functions interpreter parses the whole definition (ANTLR, in Python: tens of ms) for every execution it
# starts, and builds a new boto3 client for every task it runs. The parsed program holds no execution state (that lives
# in each execution's Environment), and boto3 clients are thread-safe, so both are built once and reused: the same
# definition runs the same way, with less of the CPU a refresh of 1,000 child executions spends in moto.
def _reuse_parsed_definitions_and_clients():
    import functools
    import importlib

    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
    from moto.stepfunctions.parser.asl.utils import boto_client as boto_client_module
    from moto.stepfunctions.parser.backend import execution_worker

    parse = functools.lru_cache(maxsize=64)(lambda definition: AmazonStateLanguageParser.parse(definition)[0])
    execution_worker.ExecutionWorker._get_evaluation_entrypoint = (
        lambda self: parse(self._evaluation_details.state_machine_details.definition)
    )

    original_client_for = boto_client_module.boto_client_for
    client_for = functools.lru_cache(maxsize=64)(
        lambda region, service: original_client_for(region=region, service=service)
    )

    def cached_client_for(region, service, state_credentials=None):
        return client_for(region, service)

    for name in (
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_sfn",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_aws_sdk",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_dynamodb",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_sns",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_sqs",
        "moto.stepfunctions.parser.asl.component.state.exec.state_map.item_reader.eval.resource_eval_s3",
        "moto.stepfunctions.parser.asl.component.state.exec.state_map.result_writer.resource_eval.resource_eval_s3",
    ):
        module = importlib.import_module(name)
        if getattr(module, "boto_client_for", None) is original_client_for:
            module.boto_client_for = cached_client_for
    boto_client_module.boto_client_for = cached_client_for


_reuse_parsed_definitions_and_clients()


# The interpreter's own AWS calls (Lambda invoke, S3 for the Map's items and results, startExecution and the
# describeExecution polls of .sync) go to this same moto. Without this they leave the process as HTTP to its own port and
# come back through the web server; with it boto hands them to moto's backends in-process, as moto does in its mock mode.
# The same backends answer the same requests, so the runs are the same, with less of moto's CPU per request.
def _serve_own_calls_in_process():
    from moto.core.models import botocore_stubber

    botocore_stubber.enabled = True


_serve_own_calls_in_process()


# Three costs per request that grow with load and do nothing for the runs: werkzeug writes an access-log line for every
# request (moto.log keeps warnings and errors); moto lists its own package folder from disk for every request, under
# the lock that routes requests to services; and each .sync task (the refresh's child imports) asks for its child's
# status twice a second through a full SDK call. The folder list is read once, and a .sync poll first looks at the
# child's status in the backend: only a child that has ended goes through the SDK call, which builds the same result.
def _trim_per_request_work():
    import logging

    from moto import backends
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_sfn as sfn_task,
    )
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules

    def still_running(execution_arn):
        parts = execution_arn.split(":")
        try:
            execution = stepfunctions_parser_backends[parts[4]][parts[3]].describe_execution(execution_arn)
        except Exception:  # unknown here: let the SDK call answer
            return False
        status = getattr(execution, "exec_status", None)
        return status is not None and status.value == "RUNNING"

    service = sfn_task.StateTaskServiceSfn
    for builder_name in ("_build_sync_resolver", "_build_sync2_resolver"):
        original_build = getattr(service, builder_name)

        def build(self, env, *args, _original=original_build, **kwargs):
            execution_arn = env.stack[-1]["ExecutionArn"]
            resolver = _original(self, env, *args, **kwargs)
            return lambda: None if still_running(execution_arn) else resolver()

        setattr(service, builder_name, build)


_trim_per_request_work()


# moto answers a Query on the table's own key by listing and sorting every item of the table, then keeping the
# partition asked for: each Query costs O(table) in Python. A refresh queries a caller's connection partition for every
# connection, while the table grows with every import, so late connections paid for all earlier ones (on DynamoDB a
# Query reads its partition only). Here a Query on the table's key reads just its partition; moto's own code still
# sorts, pages and filters it, so the answer is the same. Index queries and scans are moto's, unchanged.
def _query_the_partition_only():
    from moto.dynamodb.models.table import Table

    original_query = Table.query

    class Partition:
        def __init__(self, table, hash_key):
            self._table = table
            self._hash_key = hash_key

        def __getattr__(self, name):
            return getattr(self._table, name)

        def all_items(self):
            items = self._table.items.get(self._hash_key)
            if items is None:
                return []
            return list(items.values()) if self._table.range_key_attr else [items]

    def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
              projection_expressions, index_name=None, *args, **kwargs):
        target = self if index_name or hash_key is None else Partition(self, hash_key)
        return original_query(target, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                              scan_index_forward, projection_expressions, index_name, *args, **kwargs)

    Table.query = query


_query_the_partition_only()


def _exit_when_parent_goes():
    try:
        while sys.stdin.read(1):
            pass
    finally:
        os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=_exit_when_parent_goes, daemon=True).start()
    server.main(sys.argv[1:])
