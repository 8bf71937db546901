import ast
import operator


def parse_limits(text):
    # ruleid: eval-used
    return eval(text)


def apply_filter(request, rows):
    expression = request.args.get("where")
    # ruleid: eval-used
    keep = eval(expression, {"__builtins__": {}}, {"rows": rows})
    return keep


def read_attribute(record, column):
    # ruleid: eval-used
    return eval(f"record.{column}")


def parse_literal(text):
    # ok: eval-used
    return ast.literal_eval(text)


def seconds_per_day():
    # ok: eval-used
    return eval("60 * 60 * 24")


def validate(model, batch):
    # ok: eval-used
    model.eval()
    return model(batch)


def calculator(symbol, left, right):
    def eval(op, a, b):
        return {"+": operator.add, "-": operator.sub}[op](a, b)

    # ok: eval-used
    return eval(symbol, left, right)


def evaluate_cell(formula):
    import builtins

    # ruleid: eval-used
    return builtins.eval(formula)


def evaluate_alias(formula):
    from builtins import eval as evaluate

    # ruleid: eval-used
    return evaluate(formula)


def query_frame(frame, column):
    # ok: eval-used
    return frame.eval(f"{column} > 0")
