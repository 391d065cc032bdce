// Fidelity of tests/fakes/fake-openai-server, checked with the official
// `openai` npm client: the SDK must parse exactly what the fake sent, and the
// fake must record exactly what the SDK sent.
//
//   node fidelity.mjs <path to fake-openai-server>   (or FAKE_OPENAI_SERVER=...)
//
// Needs `npm ci` in this folder first (scripts/test.sh runs it); without
// node_modules it fails, it never skips.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

const here = new URL('.', import.meta.url);
const pinned = JSON.parse(readFileSync(new URL('package.json', here))).dependencies.openai;

let OpenAI;
let sdkVersion;
try {
    ({ default: OpenAI } = await import('openai'));
    ({ VERSION: sdkVersion } = await import('openai/version'));
} catch (error) {
    console.error(`openai-sdk: cannot load the openai package (${error.code ?? error.message}): run \`npm ci\` in ${here.pathname}`);
    process.exit(1);
}

const binary = process.argv[2] || process.env.FAKE_OPENAI_SERVER;
if (!binary) {
    console.error('openai-sdk: pass the fake-openai-server binary as the first argument');
    process.exit(1);
}

const KEY = 'sk-fidelity-test-key';
const MODEL = 'gpt-fidelity';
let server;
let baseURL;
let root;

const tools = [
    {
        type: 'function',
        function: {
            name: 'get_order',
            description: 'Look up an order by number and billing e-mail',
            parameters: {
                type: 'object',
                properties: { order_number: { type: 'string' }, email: { type: 'string' } },
                required: ['order_number', 'email'],
                additionalProperties: false,
            },
        },
    },
    {
        type: 'function',
        function: {
            name: 'search_kb',
            description: 'Search the help centre',
            parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
        },
    },
];

function client(options = {}) {
    return new OpenAI({ baseURL, apiKey: KEY, maxRetries: 0, timeout: 10000, ...options });
}

async function fake(method, path, body) {
    const response = await fetch(root + path, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
    });
    assert.equal(response.status, 200, `${method} ${path}: ${await response.clone().text()}`);
    return response.json();
}

async function script(steps) {
    await fake('DELETE', '/_fake/requests');
    await fake('POST', '/_fake/script', { steps });
}

async function recorded() {
    return (await fake('GET', '/_fake/requests')).requests;
}

function header(headers, name) {
    return typeof headers?.get === 'function' ? headers.get(name) : headers?.[name];
}

before(async () => {
    server = spawn(binary, ['--required-key', KEY], { stdio: ['pipe', 'pipe', 'inherit'] });
    const spawnError = new Promise((_, reject) => server.once('error', reject));
    const lines = createInterface({ input: server.stdout });
    const firstLine = new Promise((resolve) => lines.once('line', resolve));
    const line = await Promise.race([firstLine, spawnError]);
    const match = /^PORT (\d+)$/.exec(line);
    assert.ok(match, `fake-openai-server printed "${line}" instead of "PORT <n>"`);
    root = `http://127.0.0.1:${match[1]}`;
    baseURL = `${root}/v1`;
});

after(() => {
    server?.stdin.end(); // the fake exits when its standard input closes
    server?.kill();
});

test(`the openai package is the pinned version (${pinned})`, () => {
    assert.equal(sdkVersion, pinned);
});

test('tool calls: the SDK parses what the fake sent, the fake records what the SDK sent', async () => {
    await script([
        {
            tool_calls: [
                { id: 'call_order', name: 'get_order', arguments: '{"order_number":"1042","email":"ann@example.com"}' },
                { id: 'call_kb', name: 'search_kb', arguments: '{"query": "deliv' }, // malformed JSON, passed on as is
            ],
        },
    ]);
    const params = {
        model: MODEL,
        messages: [
            { role: 'system', content: 'You are a support agent.' },
            { role: 'user', content: 'Where is order 1042? ann@example.com — and how long is delivery? 📦' },
        ],
        tools,
        tool_choice: 'auto',
        temperature: 0.2,
        max_tokens: 128,
    };
    const completion = await client().chat.completions.create(params);

    const [request] = await recorded();
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.status, 200);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.match(request.headers['content-type'], /^application\/json/);
    assert.match(request.headers['user-agent'], /^OpenAI\/JS /);
    assert.deepStrictEqual(request.body, params);

    assert.deepStrictEqual({ ...completion }, request.response);
    const message = completion.choices[0].message;
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    assert.equal(message.content, null);
    assert.deepStrictEqual(
        message.tool_calls.map((call) => [call.id, call.type, call.function.name, call.function.arguments]),
        [
            ['call_order', 'function', 'get_order', '{"order_number":"1042","email":"ann@example.com"}'],
            ['call_kb', 'function', 'search_kb', '{"query": "deliv'],
        ],
    );
    assert.equal(completion.model, MODEL);
    assert.ok(completion.usage.prompt_tokens > 0 && completion.usage.completion_tokens > 0);
    assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
});

test('follow-up with the assistant tool_calls message and tool results gets the final answer', async () => {
    await script([{ tool_calls: [{ name: 'get_order', arguments: '{"order_number":"1042","email":"ann@example.com"}' }] }]);
    const messages = [
        { role: 'system', content: 'You are a support agent.' },
        { role: 'user', content: 'Where is order 1042? ann@example.com' },
    ];
    const first = await client().chat.completions.create({ model: MODEL, messages, tools });
    const assistant = first.choices[0].message;
    const call = assistant.tool_calls[0];
    assert.match(call.id, /^call_/);

    await script([{ answer: 'Order 1042 shipped on Monday with DHL.', usage: { prompt_tokens: 321, completion_tokens: 12 } }]);
    const params = {
        model: MODEL,
        messages: [...messages, assistant, { role: 'tool', tool_call_id: call.id, content: '{"status":"completed"}' }],
        tools,
        tool_choice: 'auto',
    };
    const final = await client().chat.completions.create(params);

    const [request] = await recorded();
    assert.equal(request.status, 200, JSON.stringify(request.response));
    assert.deepStrictEqual(request.body, JSON.parse(JSON.stringify(params)));
    assert.equal(request.body.messages[2].content, null);
    assert.equal(request.body.messages[2].tool_calls[0].id, call.id);
    assert.equal(request.body.messages[3].tool_call_id, call.id);

    assert.deepStrictEqual({ ...final }, request.response);
    assert.equal(final.choices[0].message.content, 'Order 1042 shipped on Monday with DHL.');
    assert.equal(final.choices[0].message.tool_calls, undefined);
    assert.equal(final.choices[0].finish_reason, 'stop');
    assert.deepStrictEqual(final.usage, { prompt_tokens: 321, completion_tokens: 12, total_tokens: 333 });
});

test('a tool result without a preceding tool call is a 400, as the real API answers', async () => {
    await script([]);
    await assert.rejects(
        client().chat.completions.create({
            model: MODEL,
            messages: [
                { role: 'user', content: 'hi' },
                { role: 'tool', tool_call_id: 'call_nope', content: '{}' },
            ],
            tools,
        }),
        (error) => {
            assert.ok(error instanceof OpenAI.BadRequestError, `${error.constructor.name}: ${error.message}`);
            assert.equal(error.status, 400);
            assert.equal(error.param, 'messages.[1].role');
            assert.equal(error.type, 'invalid_request_error');
            return true;
        },
    );
});

const errorCases = [
    { name: '429', step: { status: 429, retry_after: 1 }, errorClass: 'RateLimitError', code: 'rate_limit_exceeded', retryAfter: '1' },
    { name: '500', step: { status: 500 }, errorClass: 'InternalServerError', type: 'server_error' },
    { name: '503', step: { status: 503 }, errorClass: 'InternalServerError', type: 'server_error' },
];

for (const { name, step, errorClass, code, type, retryAfter } of errorCases) {
    test(`HTTP ${name} becomes the SDK's ${errorClass} (maxRetries 0)`, async () => {
        await script([step]);
        await assert.rejects(client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }), (error) => {
            assert.ok(error instanceof OpenAI[errorClass], `${error.constructor.name}: ${error.message}`);
            assert.ok(error instanceof OpenAI.APIError);
            assert.equal(error.status, step.status);
            if (code) assert.equal(error.code, code);
            if (type) assert.equal(error.type, type);
            if (retryAfter) assert.equal(header(error.headers, 'retry-after'), retryAfter);
            assert.match(header(error.headers, 'x-request-id'), /^req_fake_/);
            return true;
        });
        assert.equal((await recorded()).length, 1);
    });
}

test('a wrong key is a 401 AuthenticationError', async () => {
    await script([]);
    const wrong = new OpenAI({ baseURL, apiKey: 'sk-wrong', maxRetries: 0, timeout: 10000 });
    await assert.rejects(wrong.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }), (error) => {
        assert.ok(error instanceof OpenAI.AuthenticationError, `${error.constructor.name}: ${error.message}`);
        assert.equal(error.status, 401);
        assert.equal(error.code, 'invalid_api_key');
        return true;
    });
});

test('the SDK retries a 429 after Retry-After and then gets the answer (maxRetries 1)', async () => {
    await script([{ status: 429, retry_after: 0 }, { answer: 'after the retry' }]);
    const params = { model: MODEL, messages: [{ role: 'user', content: 'hi' }] };
    const completion = await client({ maxRetries: 1 }).chat.completions.create(params);
    assert.equal(completion.choices[0].message.content, 'after the retry');
    const requests = await recorded();
    assert.deepStrictEqual(requests.map((request) => request.status), [429, 200]);
    assert.deepStrictEqual(requests[0].body, params);
    assert.deepStrictEqual(requests[1].body, params);
    assert.deepStrictEqual(requests.map((request) => request.headers['x-stainless-retry-count']), ['0', '1']);
    assert.deepStrictEqual({ ...completion }, requests[1].response);
});

test('a malformed 200 body makes the SDK fail, not return garbage', async () => {
    await script([{ malformed: true }]);
    await assert.rejects(client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
});
