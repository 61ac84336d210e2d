# Baseline: the Dockerfile most repositories start with. Any change to any file invalidates
# `COPY . .`, so every code change reinstalls every dependency.
ARG BASE_IMAGE=local/python:3.11-bookworm
FROM ${BASE_IMAGE}
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
# Debian's python is externally managed (PEP 668): even the naive version needs a venv.
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
ENV PATH=/opt/venv/bin:$PATH
ENTRYPOINT ["python", "train.py"]
