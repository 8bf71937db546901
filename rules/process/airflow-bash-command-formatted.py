import shlex

from airflow.operators.bash import BashOperator
from airflow.operators.bash_operator import BashOperator as LegacyBashOperator

BASE = "/opt/jobs"


def export_task(table):
    # ruleid: airflow-bash-command-formatted
    return BashOperator(task_id="export", bash_command=f"pg_dump -t {table} app > /tmp/{table}.sql")


def legacy_task(path):
    # ruleid: airflow-bash-command-formatted
    return LegacyBashOperator(task_id="wc", bash_command="wc -l " + path)


def export_task_env(table):
    # ok: airflow-bash-command-formatted
    return BashOperator(task_id="export", bash_command='pg_dump -t "$TABLE" app', env={"TABLE": table})


def templated():
    # ok: airflow-bash-command-formatted
    return BashOperator(task_id="echo", bash_command="echo {{ params.message }}", params={"message": "hi"})


def constant_f():
    # ok: airflow-bash-command-formatted
    return BashOperator(task_id="run", bash_command=f"{BASE}/run.sh ")


def quoted(path):
    # ok: airflow-bash-command-formatted
    return BashOperator(task_id="wc", bash_command=f"wc -l {shlex.quote(path)}")
