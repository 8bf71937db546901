import docker

PYTHON_IMAGE = "python:3.12-slim"


def run_job(job):
    client = docker.from_env()
    # ruleid: docker-run-dynamic-image
    return client.containers.run(job["image"], job["command"], detach=True)


def prepare(image_name):
    # ruleid: docker-run-dynamic-image
    return docker.DockerClient(base_url="unix://var/run/docker.sock").containers.create(image_name)


def run_python(command):
    client = docker.from_env()
    # ok: docker-run-dynamic-image
    return client.containers.run(PYTHON_IMAGE, command, remove=True)


def run_alpine():
    # ok: docker-run-dynamic-image
    return docker.from_env().containers.run("alpine:3.20", ["echo", "hi"])
