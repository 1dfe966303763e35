"""Deploys what `sam deploy` ships to a running LocalStack, through its CloudFormation.

Steps (each timed): `sam build`; `sam package` to LocalStack's S3 (what `sam deploy` uploads); the SAM transform with
the SAM CLI's own translator (LocalStack's transform cannot resolve `!Ref X.Alias`); a CloudFormation stack created
from the result, with finAPI pointing at the finAPI sandbox the end-to-end tests start on FINPORT_SANDBOX_PORT.
Run with the project's .venv Python (SAM CLI, samtranslator, boto3): scripts/localstack deploy.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config
from samcli.yamlhelper import yaml_parse
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

REGION = "eu-central-1"
BUCKET = "finport-sam-artifacts"
SANDBOX_CLIENT = {"clientId": "sandbox-client-id", "clientSecret": "sandbox-client-secret"}


def log(message: str) -> None:
    print(f"deploy: {message}", file=sys.stderr, flush=True)


class Timer:
    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    def run(self, name: str, action):
        start = time.monotonic()
        result = action()
        self.steps[name] = time.monotonic() - start
        log(f"{name}: {self.steps[name]:.1f} s")
        return result


def sam(root: Path, *args: str, env: dict[str, str], log_file: Path) -> None:
    with open(log_file, "w", encoding="utf-8") as out:
        done = subprocess.run([str(root / ".venv/bin/sam"), *args], cwd=root, env=env, stdout=out,
                              stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.stderr.write(log_file.read_text(encoding="utf-8")[-6000:])
        raise SystemExit(f"deploy: sam {args[0]} failed (log: {log_file})")


def translate(packaged: Path) -> dict:
    """The SAM transform, offline: the translator's bundled managed-policy list, never an IAM call."""
    logging.getLogger("samtranslator").setLevel(logging.ERROR)  # feature-toggle notices that concern SAM's team
    template = yaml_parse(packaged.read_text(encoding="utf-8"))

    def no_iam_lookup() -> dict[str, str]:
        raise SystemExit("deploy: the template names a managed policy the translator does not know offline")

    return Translator(None, Parser()).translate(template, parameter_values={}, get_managed_policy_map=no_iam_lookup)


def stack_failure(cfn, stack_name: str) -> str:
    lines = []
    for event in cfn.describe_stack_events(StackName=stack_name)["StackEvents"]:
        if event["ResourceStatus"].endswith("FAILED"):
            lines.append(f"  {event['LogicalResourceId']}: {event['ResourceStatus']} {event.get('ResourceStatusReason', '')}")
    return "\n".join(reversed(lines)) or "  (no failed resource events)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--stack-name", default="finport")
    parser.add_argument("--sandbox-port", type=int, required=True)
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--skip-build", action="store_true", help="reuse the last sam build")
    parser.add_argument("--build-dir", type=Path, help="where sam build puts (or, with --skip-build, put) its output")
    parser.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE",
                        help="extra or replaced stack parameters")
    args = parser.parse_args()

    root = Path(__file__).resolve().parents[2]
    state: Path = args.state_dir
    build_dir = (args.build_dir or state / "sam-build").resolve()
    state.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, AWS_ENDPOINT_URL=args.endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
               AWS_DEFAULT_REGION=REGION, AWS_REGION=REGION, SAM_CLI_TELEMETRY="0")
    env.pop("AWS_PROFILE", None)
    os.environ.update({k: env[k] for k in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                           "AWS_DEFAULT_REGION", "AWS_REGION")})
    config = Config(region_name=REGION, retries={"max_attempts": 2})
    s3 = boto3.client("s3", endpoint_url=args.endpoint, config=config)
    cfn = boto3.client("cloudformation", endpoint_url=args.endpoint, config=config)
    secrets = boto3.client("secretsmanager", endpoint_url=args.endpoint, config=config)
    timer = Timer()
    started = time.monotonic()

    if not args.skip_build:
        timer.run("sam build", lambda: sam(root, "build", "--build-dir", str(build_dir), env=env,
                                           log_file=state / "sam-build.log"))
    elif not (build_dir / "template.yaml").exists():
        raise SystemExit(f"deploy: --skip-build, but there is no build in {build_dir}")

    def package() -> Path:
        try:
            s3.head_bucket(Bucket=BUCKET)
        except s3.exceptions.ClientError:
            s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        out = state / "packaged.yaml"
        sam(root, "package", "--template-file", str(build_dir / "template.yaml"), "--s3-bucket", BUCKET,
            "--output-template-file", str(out), "--region", REGION, "--no-progressbar", env=env,
            log_file=state / "sam-package.log")
        return out

    packaged = timer.run("sam package to LocalStack S3", package)
    translated = timer.run("SAM transform (samtranslator)", lambda: translate(packaged))
    (state / "translated.json").write_text(json.dumps(translated, indent=1), encoding="utf-8")

    def deploy() -> dict[str, str]:
        secret_name = f"{args.stack_name}/finapi-client"
        try:
            secret_arn = secrets.describe_secret(SecretId=secret_name)["ARN"]
            secrets.put_secret_value(SecretId=secret_arn, SecretString=json.dumps(SANDBOX_CLIENT))
        except secrets.exceptions.ResourceNotFoundException:
            secret_arn = secrets.create_secret(Name=secret_name, SecretString=json.dumps(SANDBOX_CLIENT))["ARN"]
        sandbox = f"http://127.0.0.1:{args.sandbox_port}"
        declared = translated.get("Parameters", {})
        parameters = {"FinapiClientSecretArn": secret_arn, "PollDeadlineSeconds": "60", "PollMinWaitSeconds": "1",
                      "PollMaxWaitSeconds": "2"}
        callback_api = translated.get("Resources", {}).get("FinapiCallbackApi")
        if "CallbackFallbackSeconds" in declared and callback_api is not None:
            # finAPI's callbacks reach the stack's own callback API: LocalStack gives a REST API the id its
            # _custom_id_ tag names (an id is otherwise known only after the create), and serves it on its endpoint
            # under /_aws/execute-api/<id>/<stage> (no DNS needed). The fallback is longer than a callback takes, so
            # CallbackEndToEndTest tells a callback from a fallback check.
            api_id = re.sub("[^a-z0-9]", "", args.stack_name.lower()) + "callbacks"
            callback_api.setdefault("Properties", {}).setdefault("Tags", []).append(
                {"Key": "_custom_id_", "Value": api_id})
            parameters.update(CallbackFallbackSeconds="20",
                              CallbackBaseUrl=f"{args.endpoint}/_aws/execute-api/{api_id}/v1")
        if "LocalTestingOnlyInsecureFinapiUrl" in declared:
            # the finAPI URLs accept https only; the template's local-testing switch takes the sandbox's http URL
            parameters["LocalTestingOnlyInsecureFinapiUrl"] = sandbox
        else:
            parameters.update(FinapiAccessBaseUrl=sandbox, FinapiWebFormBaseUrl=sandbox)
        for extra in args.parameter:
            key, _, value = extra.partition("=")
            parameters[key] = value
        unknown = sorted(set(parameters) - set(declared))
        if unknown:
            raise SystemExit(f"deploy: template.yaml declares no parameter {', '.join(unknown)}")
        key = f"{args.stack_name}/template-{int(time.time())}.json"
        s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(translated).encode())
        try:
            cfn.delete_stack(StackName=args.stack_name)
            cfn.get_waiter("stack_delete_complete").wait(StackName=args.stack_name,
                                                         WaiterConfig={"Delay": 1, "MaxAttempts": 300})
        except cfn.exceptions.ClientError:
            pass
        cfn.create_stack(
            StackName=args.stack_name, TemplateURL=f"{args.endpoint}/{BUCKET}/{key}",
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        )
        while True:
            stack = cfn.describe_stacks(StackName=args.stack_name)["Stacks"][0]
            status = stack["StackStatus"]
            if status == "CREATE_COMPLETE":
                return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
            if status.endswith("FAILED") or "ROLLBACK" in status:
                raise SystemExit(f"deploy: stack {args.stack_name} ended {status}:\n{stack_failure(cfn, args.stack_name)}")
            time.sleep(1)

    outputs = timer.run("CloudFormation create (LocalStack)", deploy)
    total = time.monotonic() - started
    log(f"stack {args.stack_name} CREATE_COMPLETE; total {total:.1f} s")
    for k, v in sorted(outputs.items()):
        log(f"  {k} = {v}")
    (state / "deploy-times.json").write_text(json.dumps(
        {"steps": {k: round(v, 1) for k, v in timer.steps.items()}, "total": round(total, 1)}, indent=1) + "\n",
        encoding="utf-8")
    (state / "stack.env").write_text(
        f"export FINPORT_STACK_NAME={args.stack_name} FINPORT_SANDBOX_HOST=127.0.0.1 "
        f"FINPORT_SANDBOX_PORT={args.sandbox_port}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
