# Baseline: the structure W&B Launch generates (see docs peers.md): a build stage that creates a
# venv and installs the dependencies with a pip cache mount, a runtime stage that copies the venv,
# a non-root user (gid 0) whose home is the working directory, and the code copied last.
ARG BASE_IMAGE=local/python:3.11-bookworm

FROM ${BASE_IMAGE} AS build
ARG PIP_INDEX_URL
RUN python3 -m venv /env
ENV PATH="/env/bin:$PATH"
WORKDIR /build
COPY requirements.txt ./src/requirements.txt
RUN --mount=type=cache,mode=0777,target=/root/.cache/pip \
    python -m pip install -r ./src/requirements.txt

FROM ${BASE_IMAGE} AS runtime
ENV PYTHONUNBUFFERED=1
COPY --from=build /env /env
ENV PATH="/env/bin:$PATH"
ARG UID=1000
RUN useradd --create-home --no-log-init --uid ${UID} --gid 0 --shell /bin/sh launch
USER launch
WORKDIR /home/launch
COPY --chown=launch:0 . .
ENTRYPOINT ["python", "train.py"]
