<?php
header('Content-Type: text/plain');
echo gethostname() . ':' . getenv('SERVER_PORT') . "\n";
