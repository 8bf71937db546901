from boto3.dynamodb.conditions import Attr


def by_owner(table, owner):
    # ruleid: dynamodb-expression-formatted
    return table.scan(FilterExpression=f"owner = '{owner}'")


def rename(client, key, field, value):
    # ruleid: dynamodb-expression-formatted
    client.update_item(TableName="items", Key=key, UpdateExpression="SET " + field + " = :v", ExpressionAttributeValues={":v": value})


def by_owner_safely(table, owner):
    # ok: dynamodb-expression-formatted
    return table.scan(FilterExpression=Attr("owner").eq(owner))


def by_status(table, status):
    # ok: dynamodb-expression-formatted
    return table.query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": status})
